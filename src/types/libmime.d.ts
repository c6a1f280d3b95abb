/** The part of libmime that `pln capture` uses (the package ships no types). */
declare module 'libmime' {
  const libmime: {
    /** Decodes RFC 2047 encoded words in a header value, in any charset iconv-lite knows. */
    decodeWords(text: string): string;
  };
  export default libmime;
}
