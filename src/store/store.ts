/**
 * The store: one per run, the door to a network folder. It reads `pln.yml`
 * and the contacts (through the machine-local caches unless they are off),
 * fills in the fields a command asks for, answers `who` from the terms
 * cache, and writes the caches back when the command is done (`flush`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Contact } from '../domain/contact.js';
import type { Field, WhoRow } from '../index/who.js';
import type { Ask } from '../index/synonyms.js';
import { buildNetwork, type Network } from '../index/network.js';
import { ALL_TIERS, openNetworkCache, type NetworkCache, type Tier } from './cache.js';
import { collectNetwork, readSettings, type Settings } from './load.js';
import { scoreIndexedAll, TERM_TIERS, TERMS_PATH, termsIndex, type TermsIndex, type TermsSource } from './terms-cache.js';
import type { FileEntry } from './folder.js';

export { ALL_TIERS, type Tier } from './cache.js';

export interface StoreOptions {
  /** Read and write the machine-local caches under `.pln/` (default true). */
  cache?: boolean;
}

export class Store {
  private readonly cache: NetworkCache | null;
  private settings: Settings | null = null;
  private net: Network | null = null;
  /** What the load listed, for the terms cache (with the cache only). */
  private listed: { entries: FileEntry[]; startedAt: number } | null = null;
  private readonly tiers = new Set<Tier>();
  /** The terms index of the network read, once asked for (null: no index cache). */
  private terms: TermsIndex | null | undefined;
  /** Writes of derived caches to do at flush. */
  private readonly pending: (() => void)[] = [];

  constructor(
    readonly dir: string,
    opts: StoreOptions = {},
  ) {
    this.cache = opts.cache === false ? null : openNetworkCache(dir);
  }

  /** `pln.yml`, read once. */
  config(): Settings {
    this.settings ??= readSettings(this.dir, this.cache);
    return this.settings;
  }

  /**
   * The network, read once, with the fields of these tiers filled in for
   * every contact (the core fields always are; see cache.ts for the tiers).
   */
  network(tiers: readonly Tier[] = ALL_TIERS): Network {
    if (!this.net) {
      const { contacts, problems, entries, startedAt } = collectNetwork(this.dir, this.config(), this.cache, tiers);
      this.net = buildNetwork(this.dir, this.config().config, contacts, problems);
      if (this.cache && entries) this.listed = { entries, startedAt };
    }
    const missing = tiers.filter((t) => !this.tiers.has(t));
    if (missing.length > 0) {
      this.fill(this.net.contacts, missing);
      for (const t of missing) this.tiers.add(t);
    }
    return this.net;
  }

  /** Fills in the fields of these tiers for some contacts of the network read (for a command that needs them of a few). */
  fill(contacts: readonly Contact[], tiers: readonly Tier[] = ALL_TIERS): void {
    this.cache?.fill(contacts, tiers);
  }

  /**
   * Who knows a topic (whoKnows's rows, unsorted), over the terms cache when
   * the network came through the index cache; read once a run, however many
   * spellings of a topic are asked.
   */
  whoKnows(query: string, opts: { minScore?: number; weights?: Record<Field, number> } = {}): WhoRow[] {
    return this.whoKnowsAll([{ query, minScore: opts.minScore ?? 0 }], opts.weights)[0]!;
  }

  /** whoKnows of several queries (the spellings of a topic), the network looked at once for them all. */
  whoKnowsAll(asks: readonly Ask[], weights?: Record<Field, number>): WhoRow[][] {
    const net = this.network([]);
    const source: TermsSource = {
      files: this.listed ? () => this.listed!.entries : null,
      startedAt: this.listed?.startedAt ?? 0,
      fill: (contacts, tiers) => this.fill(contacts, tiers),
      later: (write) => this.pending.push(write),
      weights,
    };
    if (this.terms === undefined) this.terms = termsIndex(net, source);
    return scoreIndexedAll(net, this.terms, asks, source);
  }

  /**
   * The tiers `who` reads of everyone in this run: those it indexes when
   * there is no terms file yet (every contact is encoded), else none (only
   * matches are read). Asked before the network is read, so that a first
   * `who` parses each file once.
   */
  whoTiers(): readonly Tier[] {
    return this.cache && !fs.existsSync(path.join(this.dir, TERMS_PATH)) ? TERM_TIERS : [];
  }

  /** Writes the caches that changed; never throws. Call once, when the command is done. */
  flush(): void {
    try {
      this.cache?.flush();
      for (const write of this.pending.splice(0)) write();
    } catch {
      // A cache that cannot be written just means no cache this time.
    } finally {
      this.cache?.close();
    }
  }
}
