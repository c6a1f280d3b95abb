/** The version of this build (the bundle defines it; `0.0.0-dev` from the sources). */
declare const __PLN_VERSION__: string;
export const VERSION = typeof __PLN_VERSION__ === 'string' ? __PLN_VERSION__ : '0.0.0-dev';
