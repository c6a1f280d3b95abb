/**
 * `pln completion bash|zsh|fish` prints a stub for the shell; the stub calls
 * `pln __complete WORDS…` with the words of the line being typed, and offers
 * what it prints: one candidate a line, or `:files` / `:dirs` for the shell
 * to complete paths itself. What the candidates are is decided in complete.ts,
 * from the commander program, so the three shells stay thin (as gh's do).
 */
import type { Command } from 'commander';
import { CONTACT_KEYS } from '../../domain/contact.js';
import { LIST_SORTS } from '../../index/queries.js';
import { CONFIG_KEYS } from '../../store/config.js';
import type { App } from '../app.js';
import { candidates, decide, describeProgram, wordsOf, type Hints, type Source } from '../complete.js';
import { HELP_TOPICS } from '../help-topics.js';
import { oneOf } from '../options.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

const PEOPLE: Source = { kind: 'people' };
const TAGS: Source = { kind: 'tags' };
const NONE: Source = { kind: 'none' };
const FILES: Source = { kind: 'files' };

/** What the program's definition does not say: what some arguments and option values are. */
const HINTS: Hints = {
  args: {
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
    capture: [FILES],
    completion: [wordsOf(SHELLS)],
    config: [
      wordsOf(['get', 'set', 'unset', 'list']),
      wordsOf([...CONFIG_KEYS.filter((k) => k !== 'cadence_by_tag' && k !== 'capture'), 'cadence_by_tag.', 'capture.sources', 'capture.subjects']),
      NONE,
    ],
  },
  values: {
    'export --format': wordsOf(['json', 'csv', 'vcard', 'ics']),
    'import --format': wordsOf(['linkedin', 'vcard', 'csv', 'json']),
    '--sort': wordsOf(LIST_SORTS),
    '--kind': wordsOf(['call', 'coffee', 'email', 'meeting', 'message', 'gave', 'got']),
    '--cadence': wordsOf(['weekly', 'biweekly', 'monthly', 'quarterly', 'yearly', '2w', '30d', '90d', 'none']),
    '--within': wordsOf(['7d', '14d', '30d']),
    '--date': wordsOf(['today', 'yesterday']),
    '--due': wordsOf(['today', 'tomorrow']),
  },
  topics: HELP_TOPICS,
};

/**
 * `pln __complete WORDS…`: prints the candidates for the last word, one a
 * line. Read before commander (the words are a line being typed, options
 * included), never fails, and never prints a warning: a missing or broken
 * network just offers no people.
 */
export function printCompletions(words: string[], app: App, program: Command): void {
  const c = decide(describeProgram(program, HINTS), words);
  const lines = candidates(c, () => {
    try {
      if (c.dir !== undefined) app.globals = { ...app.globals, dir: c.dir.replace(/^~(?=$|\/)/, app.env.HOME ?? '~') };
      // Slugs, names, tags (core fields) and aliases and topics (the profile).
      return app.network({ quiet: true, tiers: ['profile'] });
    } catch {
      return null;
    }
  });
  if (lines.length > 0) app.print(lines.join('\n'));
}

/** Registers `pln completion SHELL`. */
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
Then open a new shell. The script asks pln for the candidates (pln __complete),
so it never goes stale; people, tags and topics are read from the network
that pln would use there (--dir on the line counts).

Examples:
  pln completion bash > ~/.local/share/bash-completion/completions/pln
  pln completion zsh > "\${fpath[1]}/_pln"
  pln completion fish | source`,
    )
    .action((shell: string) => {
      app.print(STUBS[oneOf('SHELL', shell, SHELLS)]);
    });
}

const STUBS: Record<(typeof SHELLS)[number], string> = {
  bash: `# bash completion for pln: pln decides the candidates (pln __complete WORDS...).
# Install: echo 'source <(pln completion bash)' >> ~/.bashrc
_pln_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} line kind=
  COMPREPLY=()
  while IFS= read -r line; do
    case $line in
      :files) kind=-f ;;
      :dirs) kind=-d ;;
      ?*) printf -v line '%q' "$line"; COMPREPLY+=("$line") ;;
    esac
  done < <(command pln __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if [[ -n $kind ]]; then
    # Paths: readline quotes them and adds the trailing slash.
    compopt -o filenames 2>/dev/null
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen "$kind" -- "$cur")
  elif [[ \${#COMPREPLY[@]} == 1 && \${COMPREPLY[0]} == *. ]]; then
    # The start of a key (cadence_by_tag.) goes on without a space.
    compopt -o nospace 2>/dev/null
  fi
  return 0
}
complete -F _pln_complete pln`,
  zsh: `#compdef pln
# zsh completion for pln: pln decides the candidates (pln __complete WORDS...).
# Install: echo 'source <(pln completion zsh)' >> ~/.zshrc (after compinit)
_pln() {
  local -a out
  out=("\${(@f)$(command pln __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  case $out[1] in
    (:files) _files ;;
    (:dirs) _files -/ ;;
    (*) out=(\${out:#}); (( $#out )) && compadd -U -- "\${out[@]}" ;;
  esac
}
if [[ $funcstack[1] == _pln ]]; then _pln "$@"; else compdef _pln pln; fi`,
  fish: `# fish completion for pln: pln decides the candidates (pln __complete WORDS...).
# Install: pln completion fish > ~/.config/fish/completions/pln.fish
function __pln_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l out (command pln __complete $words[2..-1] "$cur" 2>/dev/null)
    switch "$out[1]"
        case :files
            __fish_complete_path "$cur"
        case :dirs
            __fish_complete_directories "$cur"
        case '*'
            printf '%s\\n' $out
    end
end
complete -c pln -f -a '(__pln_complete)'`,
};
