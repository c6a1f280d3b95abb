/**
 * `pln completion bash|zsh|fish`: a completion script for the shell.
 *
 * The static part (commands, their options, what each argument is) is read
 * from the commander program when the script is printed, so it always matches
 * this version of pln. The dynamic part (people, tags, topics of the current
 * network) calls back into `pln __complete KIND`, which prints one candidate
 * per line, never a warning, and exits 0 even with no network.
 */
import type { Command, Option } from 'commander';
import { fold, stripControl, words } from '../../domain/text.js';
import { LIST_SORTS } from '../../index/queries.js';
import { CONFIG_KEYS } from '../../store/config.js';
import type { App } from '../app.js';
import { HELP_TOPICS } from '../help-topics.js';
import { oneOf } from '../options.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** Kinds `pln __complete` answers. */
export const DYNAMIC_KINDS = ['people', 'tags', 'topics', 'commands'] as const;
type DynamicKind = (typeof DYNAMIC_KINDS)[number];

/** What a word on the command line can be. */
export type Candidates = { kind: DynamicKind } | { kind: 'words'; words: string[] } | { kind: 'files' } | { kind: 'dirs' } | { kind: 'none' };

export interface OptionSpec {
  short?: string;
  long?: string;
  description: string;
  /** What its value can be; null for a flag that takes none. */
  value: Candidates | null;
  /** May be given more than once (`--tag a --tag b`). */
  repeatable: boolean;
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  description: string;
  options: OptionSpec[];
  /** One entry per argument; the last repeats when `variadic`. */
  args: Candidates[];
  variadic: boolean;
}

export interface ProgramSpec {
  /** Options valid anywhere (`--dir`, `--no-color`, ...). */
  globals: OptionSpec[];
  /** Options valid only before a command (`--version`). */
  topLevel: OptionSpec[];
  commands: CommandSpec[];
}

const PEOPLE: Candidates = { kind: 'people' };
const TAGS: Candidates = { kind: 'tags' };
const TOPICS: Candidates = { kind: 'topics' };
const NONE: Candidates = { kind: 'none' };
const FILES: Candidates = { kind: 'files' };
const DIRS: Candidates = { kind: 'dirs' };
const wordsOf = (list: readonly string[]): Candidates => ({ kind: 'words', words: [...list] });

/** Frontmatter keys offered by `pln set WHO <TAB>`. */
const CONTACT_KEYS = ['name', 'aliases', 'tags', 'expertise', 'company', 'role', 'location', 'email', 'phone', 'cadence', 'introduced_by', 'knows', 'past_companies', 'birthday', 'added', 'last_contact', 'snooze_until'];
const CADENCES = ['weekly', 'biweekly', 'monthly', 'quarterly', 'yearly', '2w', '30d', '90d', 'none'];

/** What each argument of the commands we know is; others are guessed from their names. */
const ARGUMENTS: Record<string, Candidates[]> = {
  show: [PEOPLE],
  edit: [PEOPLE],
  log: [PEOPLE, NONE],
  followup: [PEOPLE, NONE],
  done: [PEOPLE, NONE],
  note: [PEOPLE, NONE],
  snooze: [PEOPLE, NONE],
  tag: [PEOPLE, TAGS],
  untag: [PEOPLE, TAGS],
  set: [PEOPLE, wordsOf(CONTACT_KEYS), NONE],
  unset: [PEOPLE, wordsOf(CONTACT_KEYS)],
  intro: [PEOPLE],
  who: [TOPICS],
  init: [DIRS],
  import: [FILES],
  completion: [wordsOf(SHELLS)],
  config: [wordsOf(['get', 'set', 'unset', 'list']), wordsOf([...CONFIG_KEYS.filter((k) => k !== 'cadence_by_tag'), 'cadence_by_tag.']), NONE],
};

/** Values of `--format`, by command, when the option does not list its choices itself. */
const FORMATS: Record<string, string[]> = {
  export: ['json', 'csv', 'vcard', 'ics'],
  import: ['linkedin', 'vcard', 'csv', 'json'],
};

function argumentCandidates(cmd: Command): Candidates[] {
  const known = ARGUMENTS[cmd.name()];
  return cmd.registeredArguments.map((arg, i) => {
    if (known?.[i]) return known[i]!;
    if (arg.argChoices) return wordsOf(arg.argChoices);
    const name = arg.name().toLowerCase();
    if (/^(who|person|people|target)$/.test(name)) return PEOPLE;
    if (/^topics?$/.test(name)) return TOPICS;
    if (/^tags?$/.test(name)) return TAGS;
    if (/^(file|files|path|input)$/.test(name)) return FILES;
    if (/^(dir|folder)$/.test(name)) return DIRS;
    return NONE;
  });
}

function optionCandidates(command: string, opt: Option): Candidates | null {
  if (!opt.required && !opt.optional) return null;
  if (opt.argChoices) return wordsOf(opt.argChoices);
  switch (opt.long) {
    case '--tag':
      return TAGS;
    case '--expertise':
    case '--topic':
      return TOPICS;
    case '--dir':
      return DIRS;
    case '--output':
    case '--file':
      return FILES;
    case '--format':
      return FORMATS[command] ? wordsOf(FORMATS[command]) : NONE;
    case '--sort':
      return wordsOf(LIST_SORTS);
    case '--kind':
      return wordsOf(['call', 'coffee', 'email', 'meeting', 'message', 'gave', 'got']);
    case '--cadence':
      return wordsOf(CADENCES);
    case '--within':
      return wordsOf(['7d', '14d', '30d']);
    case '--date':
      return wordsOf(['today', 'yesterday']);
    case '--due':
      return wordsOf(['today', 'tomorrow']);
    case '--who':
    case '--person':
      return PEOPLE;
    default:
      return NONE;
  }
}

function optionSpec(command: string, opt: Option): OptionSpec {
  return {
    short: opt.short,
    long: opt.long,
    description: opt.description,
    value: optionCandidates(command, opt),
    repeatable: opt.variadic || Array.isArray(opt.defaultValue),
  };
}

/** Reads commands, options and arguments from the program, as the help shows them. */
export function describeProgram(program: Command, topics: readonly string[] = []): ProgramSpec {
  const help = program.createHelp();
  const programOptions = help.visibleOptions(program);
  const topLevelFlags = new Set(['--version']);
  const globals = programOptions.filter((o) => !topLevelFlags.has(o.long ?? '')).map((o) => optionSpec('', o));
  const topLevel = programOptions.filter((o) => topLevelFlags.has(o.long ?? '')).map((o) => optionSpec('', o));
  const commands = help
    .visibleCommands(program)
    .filter((c) => !c.name().startsWith('_'))
    .map((cmd): CommandSpec => {
      const own = help.visibleOptions(cmd).filter((o) => o.long !== '--help');
      const args = argumentCandidates(cmd);
      return {
        name: cmd.name(),
        aliases: cmd.aliases(),
        description: cmd.description(),
        options: own.map((o) => optionSpec(cmd.name(), o)),
        args,
        variadic: cmd.registeredArguments.at(-1)?.variadic ?? false,
      };
    });
  // `pln help <TAB>` offers commands and topics.
  const helpCmd = commands.find((c) => c.name === 'help');
  if (helpCmd) helpCmd.args = [wordsOf([...commands.map((c) => c.name).filter((n) => n !== 'help'), ...topics])];
  return { globals, topLevel, commands };
}

// ---- the dynamic part ------------------------------------------------------------

/** Values that start with `prefix` (case- and accent-insensitive), each once, sorted. */
function distinct(values: string[], prefix: string): string[] {
  const p = fold(prefix);
  const seen = new Map<string, string>();
  for (const raw of values) {
    const v = stripControl(raw.replace(/[\r\n\t]+/g, ' ')).trim();
    if (v === '' || !fold(v).startsWith(p) || seen.has(fold(v))) continue;
    seen.set(fold(v), v);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

/**
 * Candidates for `pln __complete KIND PREFIX`. People are slugs: those whose
 * slug starts with PREFIX, or else those with a name or alias word that does
 * (`lovel` → ada-lovelace).
 */
export function dynamicCandidates(app: App, program: Command, kind: string, prefix: string): string[] {
  if (kind === 'commands') {
    const names = program.createHelp().visibleCommands(program).flatMap((c) => [c.name(), ...c.aliases()]);
    return distinct(names, prefix);
  }
  if (!(DYNAMIC_KINDS as readonly string[]).includes(kind)) return [];
  const net = app.network({ quiet: true });
  switch (kind as DynamicKind) {
    case 'people': {
      const slugs = distinct(net.contacts.map((c) => c.slug), prefix);
      if (slugs.length > 0 || prefix === '') return slugs;
      const p = fold(prefix);
      const byName = net.contacts.filter((c) => [c.name, ...c.aliases].some((n) => fold(n).startsWith(p) || words(n).some((w) => w.startsWith(p))));
      return distinct(byName.map((c) => c.slug), '');
    }
    case 'tags':
      return distinct(net.contacts.flatMap((c) => c.tags), prefix.replace(/^#/, ''));
    case 'topics':
      return distinct(net.contacts.flatMap((c) => c.expertise), prefix);
    default:
      return [];
  }
}

/** Registers `pln completion SHELL` and the hidden `pln __complete KIND [PREFIX]` it calls back. */
export function register(program: Command, app: App): void {
  program
    .command('completion')
    .argument('<shell>', `the shell: ${SHELLS.join(', ')}`)
    .description('print a shell completion script: commands, options, people, tags, topics')
    .addHelpText(
      'after',
      `
Install:
  bash  echo 'source <(pln completion bash)' >> ~/.bashrc
  zsh   echo 'source <(pln completion zsh)' >> ~/.zshrc   (after compinit)
  fish  pln completion fish > ~/.config/fish/completions/pln.fish
Then open a new shell. People, tags and topics are read from the network
that pln would use there (--dir on the line counts).

Examples:
  pln completion bash > ~/.local/share/bash-completion/completions/pln
  pln completion zsh > "\${fpath[1]}/_pln"
  pln completion fish | source`,
    )
    .action((shell: string) => {
      const which = oneOf('SHELL', shell, SHELLS);
      app.print(completionScript(which, describeProgram(program, HELP_TOPICS)));
    });

  program
    .command('__complete', { hidden: true })
    .argument('<kind>', DYNAMIC_KINDS.join(', '))
    .argument('[prefix]', 'only candidates starting with this')
    .description('candidates for shell completion, one per line (used by the completion scripts)')
    .action((kind: string, prefix: string | undefined) => {
      let lines: string[] = [];
      try {
        lines = dynamicCandidates(app, program, kind, prefix ?? '');
      } catch {
        // No network here, or an unreadable one: nothing to offer, and nothing to say.
        lines = [];
      }
      if (lines.length > 0) app.print(lines.join('\n'));
    });
}

/** The completion script for a shell. */
export function completionScript(shell: Shell, spec: ProgramSpec): string {
  switch (shell) {
    case 'bash':
      return bashScript(spec);
    case 'zsh':
      return zshScript(spec);
    default:
      return fishScript(spec);
  }
}

// ---- bash ------------------------------------------------------------------------

/** Single-quoted for sh, bash, zsh. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const flagsOf = (o: OptionSpec) => [o.short, o.long].filter((f): f is string => f !== undefined);

/** How the bash and fish helpers name a kind of value: `people`, `dirs`, `words a b c`, ... */
function kindWords(c: Candidates): string {
  return c.kind === 'words' ? ['words', ...c.words].join(' ') : c.kind;
}

function bashScript(spec: ProgramSpec): string {
  const allFlags = (opts: OptionSpec[]) => opts.flatMap(flagsOf).join(' ');
  const globalFlags = allFlags(spec.globals);
  const names = spec.commands.flatMap((c) => [c.name, ...c.aliases]).join(' ');

  const optionsCases = [
    `    '') echo ${q(`${allFlags(spec.topLevel)} ${globalFlags}`.trim())} ;;`,
    ...spec.commands.map((c) => `    ${c.name}) echo ${q(`${allFlags(c.options)} ${globalFlags}`.trim())} ;;`),
    `    *) echo ${q(globalFlags)} ;;`,
  ];
  const valueCase = (pattern: string[], value: Candidates) => `    ${pattern.join('|')}) echo ${q(kindWords(value))} ;;`;
  const valueCases: string[] = [];
  for (const c of spec.commands) {
    for (const o of c.options) if (o.value) valueCases.push(valueCase(flagsOf(o).map((f) => q(`${c.name} ${f}`)), o.value));
  }
  for (const o of [...spec.globals, ...spec.topLevel]) if (o.value) valueCases.push(valueCase(flagsOf(o).map((f) => `*${q(` ${f}`)}`), o.value));
  const argCases: string[] = [];
  for (const c of spec.commands) {
    c.args.forEach((a, i) => {
      if (a.kind !== 'none' || (c.variadic && i === c.args.length - 1)) argCases.push(`    ${q(`${c.name} ${i + 1}`)}) echo ${q(kindWords(a))} ;;`);
    });
    const last = c.args.at(-1);
    if (c.variadic && last && last.kind !== 'none') argCases.push(`    ${q(`${c.name} `)}*) echo ${q(kindWords(last))} ;;`);
  }
  const aliasCases = spec.commands.filter((c) => c.aliases.length > 0).map((c) => `    ${c.aliases.join('|')}) echo ${c.name} ;;`);

  return `# bash completion for pln
#
# Install (either):
#   echo 'source <(pln completion bash)' >> ~/.bashrc
#   pln completion bash > ~/.local/share/bash-completion/completions/pln
#
# Works with or without the bash-completion package. Commands and options
# are written below; people, tags and topics come from the network that pln
# would use (--dir on the line counts), through "pln __complete KIND".

_pln_commands=${q(names)}

# The options of a command, global ones included.
_pln_options() {
  case $1 in
${optionsCases.join('\n')}
  esac
}

# What the value of option $2 of command $1 is; fails for a flag.
_pln_option_value() {
  case "$1 $2" in
${valueCases.join('\n')}
    *) return 1 ;;
  esac
}

# What argument number $2 of command $1 is.
_pln_argument() {
  case "$1 $2" in
${argCases.join('\n')}
    *) echo none ;;
  esac
}

_pln_command_name() {
  case $1 in
${aliasCases.join('\n')}
    *) echo "$1" ;;
  esac
}

# Adds the candidates of kind $1 for the word $2 to COMPREPLY ($3 = --dir).
_pln_candidates() {
  local kind=\${1%% *} line quoted word
  local -a dirarg=()
  case $kind in
    words)
      while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -W "\${1#words}" -- "$2")
      # cadence_by_tag. is the start of a key: no space after it.
      [[ \${#COMPREPLY[@]} == 1 && \${COMPREPLY[0]} == *. ]] && compopt -o nospace 2>/dev/null ;;
    files|dirs)
      # Paths: let readline quote them and add the trailing slash.
      compopt -o filenames 2>/dev/null
      if [[ $kind == dirs ]]; then kind=-d; else kind=-f; fi
      while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen "$kind" -- "$2") ;;
    people|tags|topics|commands)
      [[ -n $3 ]] && dirarg=(--dir "\${3/#\\~/$HOME}")
      # What was typed, without the shell's quoting: \\ and an opening quote.
      word=\${2//\\\\/}
      word=\${word#[\\\"\\']}
      while IFS= read -r line; do
        [[ -n $line ]] || continue
        printf -v quoted '%q' "$line"
        COMPREPLY+=("$quoted")
      done < <(command pln __complete "$kind" "\${dirarg[@]}" -- "$word" 2>/dev/null) ;;
  esac
}

_pln_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev= cmd= dir= opt= kind= rest= value w i n=0
  COMPREPLY=()
  (( COMP_CWORD > 0 )) && prev=\${COMP_WORDS[COMP_CWORD-1]}
  # bash splits --opt=value into three words: --opt, =, value.
  if [[ $cur == = ]]; then
    opt=$prev cur=
  elif [[ $prev == = ]] && (( COMP_CWORD > 1 )); then
    opt=\${COMP_WORDS[COMP_CWORD-2]}
  fi
  # Find the command and count its arguments, skipping options and their values.
  for (( i = 1; i < COMP_CWORD; i++ )); do
    w=\${COMP_WORDS[i]}
    if [[ -z $rest && $w == -- ]]; then rest=1; continue; fi
    if [[ -z $rest && $w == -?* ]]; then
      value=
      if [[ \${COMP_WORDS[i+1]} == = ]]; then
        value=\${COMP_WORDS[i+2]}; (( i += 2 ))
      elif _pln_option_value "$cmd" "$w" >/dev/null; then
        value=\${COMP_WORDS[i+1]}; (( i += 1 ))
      fi
      [[ $w == --dir || $w == -d ]] && dir=$value
      continue
    fi
    if [[ -z $cmd ]]; then cmd=$(_pln_command_name "$w"); else (( n += 1 )); fi
  done
  if [[ -z $opt && -z $rest && $prev == -?* ]] && _pln_option_value "$cmd" "$prev" >/dev/null; then
    opt=$prev
  fi
  if [[ -n $opt ]]; then
    kind=$(_pln_option_value "$cmd" "$opt") || return 0
  elif [[ -z $rest && $cur == -* ]]; then
    kind="words $(_pln_options "$cmd")"
  elif [[ -z $cmd ]]; then
    kind="words $_pln_commands"
  else
    kind=$(_pln_argument "$cmd" $(( n + 1 )))
  fi
  _pln_candidates "$kind" "$cur" "$dir"
  return 0
}

complete -F _pln_complete pln
`;
}

// ---- zsh -------------------------------------------------------------------------

/** Text inside an _arguments `[description]`. */
function zshDescription(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/([[\]])/g, '\\$1').replace(/\s+/g, ' ');
}

function zshAction(c: Candidates): string {
  switch (c.kind) {
    case 'people':
    case 'tags':
    case 'topics':
    case 'commands':
      return `_pln_${c.kind}`;
    case 'files':
      return '_files';
    case 'dirs':
      return '_files -/';
    case 'words':
      return `(${c.words.join(' ')})`;
    default:
      return ' ';
  }
}

function zshOptionSpecs(o: OptionSpec): string[] {
  const flags = flagsOf(o);
  const exclude = o.repeatable ? '*' : flags.length > 1 ? `(${flags.join(' ')})` : '';
  const desc = `[${zshDescription(o.description)}]`;
  const value = o.value ? `:${o.long?.replace(/^--/, '') ?? 'value'}:${zshAction(o.value)}` : '';
  return flags.map((f) => q(`${exclude}${f}${o.value ? (f.startsWith('--') ? '=' : '+') : ''}${desc}${value}`));
}

function zshScript(spec: ProgramSpec): string {
  const globalSpecs = spec.globals.flatMap(zshOptionSpecs);
  const commandList = spec.commands.flatMap((c) => [c.name, ...c.aliases].map((n) => `    ${q(`${n}:${c.description.replace(/\s+/g, ' ')}`)}`));
  const cases = spec.commands.map((c) => {
    const argSpecs = c.args.map((a, i) => {
      const last = i === c.args.length - 1;
      const position = last && c.variadic ? '*' : String(i + 1);
      return q(`${position}: :${zshAction(a)}`);
    });
    const specs = [...c.options.flatMap(zshOptionSpecs), ...globalSpecs, ...argSpecs];
    return `    ${[c.name, ...c.aliases].join('|')})\n      _arguments -s -S \\\n        ${specs.join(' \\\n        ')} && ret=0 ;;`;
  });
  return `#compdef pln
# zsh completion for pln
#
# Install (either):
#   echo 'source <(pln completion zsh)' >> ~/.zshrc    (after compinit)
#   pln completion zsh > "\${fpath[1]}/_pln"             (then open a new shell)
#
# People, tags and topics come from the network that pln would use (--dir on
# the line counts), through "pln __complete KIND".

# Candidates from the network: $1 = people, tags, topics or commands; the
# rest are compadd options from _arguments.
_pln_dynamic() {
  local kind=$1
  shift
  local -a items
  items=(\${(f)"$(command pln __complete $kind "\${_pln_dirarg[@]}" 2>/dev/null)"})
  compadd "$@" -a items
}
_pln_people() { _pln_dynamic people "$@" }
_pln_tags() { _pln_dynamic tags "$@" }
_pln_topics() { _pln_dynamic topics "$@" }

_pln_commands() {
  local -a commands
  commands=(
${commandList.join('\n')}
  )
  _describe -t commands 'pln command' commands
}

_pln() {
  local curcontext=$curcontext state line ret=1 i
  local -a _pln_dirarg
  for (( i = 2; i < CURRENT; i++ )); do
    case \${words[i]} in
      -d|--dir) _pln_dirarg=(--dir "\${words[i+1]/#\\~/$HOME}") ;;
      --dir=*) _pln_dirarg=(--dir "\${\${words[i]#--dir=}/#\\~/$HOME}") ;;
    esac
  done
  _arguments -C -s -S -A '-*' \\
    ${[...spec.topLevel.flatMap(zshOptionSpecs), ...globalSpecs].join(' \\\n    ')} \\
    '1: :_pln_commands' \\
    '*:: :->args' && ret=0
  case $state in
    args)
      curcontext="\${curcontext%:*:*}:pln-\${words[1]}:"
      case \${words[1]} in
${cases.join('\n')}
      esac ;;
  esac
  return ret
}

if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _pln "$@"
else
  compdef _pln pln
fi
`;
}

// ---- fish ------------------------------------------------------------------------

/** Single-quoted for fish: only \\ and ' are special. */
function fq(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fishValueArgs(c: Candidates): string {
  switch (c.kind) {
    case 'people':
    case 'tags':
    case 'topics':
    case 'commands':
      return ` -f -a ${fq(`(__pln_dynamic ${c.kind})`)}`;
    case 'files':
      return ' -F';
    case 'dirs':
      return ` -f -a ${fq('(__fish_complete_directories (commandline -ct))')}`;
    case 'words':
      return ` -f -a ${fq(c.words.join(' '))}`;
    default:
      return ' -f';
  }
}

function fishOption(condition: string, o: OptionSpec): string {
  const flags = [o.short ? ` -s ${o.short.slice(1)}` : '', o.long ? ` -l ${o.long.slice(2)}` : ''].join('');
  const value = o.value ? ` -r${fishValueArgs(o.value)}` : '';
  return `complete -c pln${condition}${flags}${value} -d ${fq(o.description.replace(/\s+/g, ' '))}`;
}

function fishScript(spec: ProgramSpec): string {
  const valueCases: string[] = [];
  for (const c of spec.commands) {
    for (const o of c.options) if (o.value) valueCases.push(`        case ${flagsOf(o).map((f) => fq(`${c.name} ${f}`)).join(' ')}\n            echo ${kindWords(o.value)}`);
  }
  for (const o of [...spec.globals, ...spec.topLevel]) {
    if (o.value) valueCases.push(`        case ${flagsOf(o).map((f) => fq(`* ${f}`)).join(' ')}\n            echo ${kindWords(o.value)}`);
  }
  const argCases: string[] = [];
  for (const c of spec.commands) {
    c.args.forEach((a, i) => {
      if (a.kind !== 'none') argCases.push(`        case ${fq(`${c.name} ${i + 1}`)}\n            printf '%s\\n' ${kindWords(a)}`);
    });
    const last = c.args.at(-1);
    if (c.variadic && last && last.kind !== 'none') argCases.push(`        case ${fq(`${c.name} *`)}\n            printf '%s\\n' ${kindWords(last)}`);
  }
  const aliasCases = spec.commands.filter((c) => c.aliases.length > 0).map((c) => `        case ${c.aliases.map(fq).join(' ')}\n            echo ${c.name}`);
  const lines: string[] = [];
  for (const o of spec.topLevel) lines.push(fishOption(' -n __pln_needs_command', o));
  for (const o of spec.globals) lines.push(fishOption('', o));
  for (const c of spec.commands) {
    for (const n of [c.name, ...c.aliases]) lines.push(`complete -c pln -n __pln_needs_command -a ${n} -d ${fq(c.description.replace(/\s+/g, ' '))}`);
    for (const o of c.options) lines.push(fishOption(` -n ${fq(`__pln_using ${c.name}`)}`, o));
  }
  return `# fish completion for pln
#
# Install (either):
#   pln completion fish > ~/.config/fish/completions/pln.fish
#   pln completion fish | source
#
# People, tags and topics come from the network that pln would use (--dir on
# the line counts), through "pln __complete KIND".

# --dir DIR from the command line, ready to pass on.
function __pln_dirarg
    set -l tokens (commandline -opc)
    for i in (seq 2 (count $tokens))
        switch $tokens[$i]
            case -d --dir
                set -l j (math $i + 1)
                if test $j -le (count $tokens)
                    printf '%s\\n' --dir (string replace -r '^~' $HOME -- $tokens[$j])
                end
            case '--dir=*'
                printf '%s\\n' --dir (string replace -r '^--dir=' '' -- $tokens[$i] | string replace -r '^~' $HOME)
        end
    end
end

function __pln_dynamic
    command pln __complete $argv[1] (__pln_dirarg) 2>/dev/null
end

# What the value of option $argv[2] of command $argv[1] is; fails for a flag.
function __pln_option_value
    switch "$argv[1] $argv[2]"
${valueCases.join('\n')}
        case '*'
            return 1
    end
end

# What argument number $argv[2] of command $argv[1] is, one word a line.
function __pln_argument
    switch "$argv[1] $argv[2]"
${argCases.join('\n')}
        case '*'
            echo none
    end
end

function __pln_command_name
    switch $argv[1]
${aliasCases.join('\n')}
        case '*'
            echo $argv[1]
    end
end

# The command on the line and how many of its arguments come before the cursor.
function __pln_state
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmd ''
    set -l n 0
    set -l skip 0
    set -l rest 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        if test $rest = 0
            if test "$t" = --
                set rest 1
                continue
            end
            if string match -q -- '-?*' $t
                if not string match -q -- '*=*' $t; and __pln_option_value "$cmd" $t >/dev/null
                    set skip 1
                end
                continue
            end
        end
        if test -z "$cmd"
            set cmd (__pln_command_name $t)
        else
            set n (math $n + 1)
        end
    end
    printf '%s\\n' "$cmd" $n
end

function __pln_needs_command
    set -l state (__pln_state)
    test -z "$state[1]"
end

function __pln_using
    set -l state (__pln_state)
    test "$state[1]" = "$argv[1]"
end

# Candidates for the argument under the cursor.
function __pln_arguments
    set -l state (__pln_state)
    test -n "$state[1]"; or return
    set -l kind (__pln_argument $state[1] (math $state[2] + 1))
    switch $kind[1]
        case people tags topics commands
            __pln_dynamic $kind[1]
        case files
            __fish_complete_path (commandline -ct)
        case dirs
            __fish_complete_directories (commandline -ct)
        case words
            printf '%s\\n' $kind[2..-1]
    end
end

complete -c pln -f
${lines.join('\n')}
complete -c pln -n 'not __pln_needs_command' -a '(__pln_arguments)'
`;
}
