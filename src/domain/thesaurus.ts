/**
 * Topic synonyms and abbreviations engineers use: `pln who k8s` finds a
 * `kubernetes` expert. Each group lists the canonical topic first, then the
 * other ways people write it. Pure data and pure lookups.
 */
import { fold } from './text.js';

const GROUPS: readonly (readonly string[])[] = [
  // languages
  ['javascript', 'js', 'ecmascript', 'es6'],
  ['typescript', 'ts'],
  ['python', 'py', 'python3'],
  ['golang', 'go', 'go lang'],
  ['rust', 'rustlang', 'rust lang'],
  ['c++', 'cpp', 'cplusplus'],
  ['c#', 'csharp', 'c sharp', 'dotnet c#'],
  ['.net', 'dotnet', 'dot net'],
  ['objective-c', 'objc', 'obj-c'],
  ['ruby', 'rb'],
  ['ruby on rails', 'rails', 'ror'],
  ['kotlin', 'kt'],
  ['haskell', 'hs', 'ghc'],
  ['ocaml', 'reasonml'],
  ['elixir', 'elixir lang'],
  ['erlang', 'erl', 'otp'],
  ['clojure', 'clj'],
  ['scala', 'scala lang'],
  ['perl', 'perl5'],
  ['php', 'php8'],
  ['r', 'rlang', 'r language'],
  ['julia', 'julialang'],
  ['webassembly', 'wasm'],
  ['assembly', 'asm', 'assembler'],
  ['shell scripting', 'bash', 'shell', 'sh', 'zsh'],
  ['sql', 'structured query language'],
  ['html', 'html5'],
  ['css', 'css3', 'stylesheets'],
  ['fortran', 'f90'],
  ['visual basic', 'vb', 'vba'],
  ['lisp', 'common lisp', 'scheme'],
  ['solidity', 'solidity lang'],
  // web and frameworks
  ['react', 'reactjs', 'react.js'],
  ['react native', 'rn'],
  ['vue', 'vuejs', 'vue.js'],
  ['angular', 'angularjs'],
  ['svelte', 'sveltekit'],
  ['next.js', 'nextjs'],
  ['node.js', 'nodejs', 'node'],
  ['deno', 'deno runtime'],
  ['express', 'expressjs'],
  ['django', 'django rest framework', 'drf'],
  ['flask', 'flask python'],
  ['fastapi', 'fast api'],
  ['spring', 'spring boot', 'springboot'],
  ['graphql', 'gql'],
  ['rest', 'rest api', 'restful', 'rest apis'],
  ['grpc', 'protobuf', 'protocol buffers'],
  ['websockets', 'websocket', 'ws'],
  ['frontend', 'front end'],
  ['backend', 'back end'],
  ['full stack', 'fullstack'],
  ['user interface', 'ui'],
  ['user experience', 'ux', 'ux design'],
  ['accessibility', 'a11y'],
  ['internationalization', 'i18n', 'internationalisation'],
  ['localization', 'l10n', 'localisation'],
  ['search engine optimization', 'seo'],
  ['progressive web apps', 'pwa', 'pwas'],
  ['single page applications', 'spa', 'spas'],
  ['content management systems', 'cms'],
  // infrastructure and operations
  ['kubernetes', 'k8s', 'kube'],
  ['docker', 'containers', 'containerization', 'containerisation'],
  ['infrastructure as code', 'iac', 'infra as code'],
  ['terraform', 'tf', 'opentofu'],
  ['amazon web services', 'aws'],
  ['google cloud platform', 'gcp', 'google cloud'],
  ['microsoft azure', 'azure'],
  ['cloud computing', 'cloud', 'cloud native'],
  ['continuous integration', 'ci'],
  ['continuous delivery', 'cd', 'continuous deployment'],
  ['ci/cd', 'cicd', 'ci cd'],
  ['devops', 'dev ops'],
  ['site reliability engineering', 'sre', 'sres'],
  ['platform engineering', 'platform eng', 'internal developer platforms', 'idp'],
  ['observability', 'o11y', 'monitoring'],
  ['opentelemetry', 'otel'],
  ['prometheus', 'promql'],
  ['service mesh', 'istio', 'linkerd'],
  ['serverless', 'faas', 'functions as a service', 'lambda'],
  ['linux', 'gnu/linux'],
  ['linux kernel', 'kernel', 'kernel development'],
  ['operating systems', 'os', 'operating system'],
  ['networking', 'computer networks', 'networks'],
  ['tcp/ip', 'tcp', 'ip networking'],
  ['domain name system', 'dns'],
  ['content delivery networks', 'cdn', 'cdns'],
  ['load balancing', 'load balancers', 'lb'],
  ['virtualization', 'virtualisation', 'vms', 'virtual machines', 'hypervisors'],
  ['high performance computing', 'hpc', 'supercomputing'],
  ['incident management', 'incident response', 'on-call', 'oncall'],
  ['chaos engineering', 'chaos testing'],
  ['configuration management', 'ansible', 'puppet', 'chef'],
  ['gitops', 'git ops', 'argocd', 'flux'],
  ['version control', 'git', 'vcs', 'source control'],
  // data
  ['postgresql', 'postgres', 'pg', 'psql'],
  ['mysql', 'mariadb'],
  ['sqlite', 'sqlite3'],
  ['mongodb', 'mongo'],
  ['redis', 'valkey'],
  ['elasticsearch', 'elastic', 'opensearch'],
  ['cassandra', 'scylladb'],
  ['dynamodb', 'dynamo'],
  ['apache kafka', 'kafka'],
  ['apache spark', 'spark', 'pyspark'],
  ['hadoop', 'hdfs', 'mapreduce'],
  ['databases', 'database', 'db', 'dbs', 'dbms'],
  ['nosql', 'no sql', 'non-relational databases'],
  ['relational databases', 'rdbms', 'relational database'],
  ['data engineering', 'data eng', 'data pipelines', 'etl', 'elt'],
  ['data science', 'ds'],
  ['data analytics', 'analytics', 'data analysis'],
  ['data warehousing', 'data warehouse', 'dwh', 'snowflake', 'bigquery'],
  ['business intelligence', 'bi'],
  ['stream processing', 'streaming', 'event streaming', 'flink'],
  ['event-driven architecture', 'eda', 'event driven', 'event sourcing'],
  ['big data', 'large-scale data'],
  ['data visualization', 'dataviz', 'data visualisation', 'visualization'],
  ['dbt', 'data build tool'],
  ['apache airflow', 'airflow'],
  // machine learning and AI
  ['machine learning', 'ml'],
  ['artificial intelligence', 'ai'],
  ['deep learning', 'dl', 'neural networks', 'neural nets'],
  ['natural language processing', 'nlp'],
  ['large language models', 'llm', 'llms', 'genai', 'generative ai'],
  ['computer vision', 'cv', 'image recognition'],
  ['reinforcement learning', 'rl'],
  ['mlops', 'ml ops', 'ml engineering', 'ml infrastructure'],
  ['pytorch', 'torch'],
  ['tensorflow', 'tf2', 'keras'],
  ['retrieval augmented generation', 'rag'],
  ['prompt engineering', 'prompting'],
  ['recommender systems', 'recommendation systems', 'recsys'],
  ['statistics', 'stats', 'statistical modeling'],
  ['speech recognition', 'asr', 'speech to text'],
  ['ai safety', 'alignment', 'ai alignment'],
  // architecture and practice
  ['distributed systems', 'distributed computing', 'dist sys', 'distsys'],
  ['microservices', 'micro services', 'microservice architecture'],
  ['software architecture', 'architecture', 'system design'],
  ['domain-driven design', 'ddd'],
  ['test-driven development', 'tdd'],
  ['behavior-driven development', 'bdd'],
  ['software testing', 'testing', 'qa', 'quality assurance'],
  ['test automation', 'automated testing', 'e2e testing'],
  ['object-oriented programming', 'oop', 'object oriented'],
  ['functional programming', 'fp'],
  ['concurrency', 'parallelism', 'multithreading'],
  ['performance engineering', 'performance', 'perf', 'optimization', 'optimisation'],
  ['compilers', 'compiler', 'compiler construction', 'programming language implementation'],
  ['programming languages', 'plt', 'language design'],
  ['type systems', 'type theory', 'types'],
  ['formal methods', 'formal verification', 'tla+'],
  ['algorithms', 'algos', 'data structures', 'dsa'],
  ['api design', 'apis', 'api'],
  ['open source', 'oss', 'foss'],
  ['developer experience', 'devex', 'dx'],
  ['developer productivity', 'engineering productivity'],
  ['developer relations', 'devrel', 'developer advocacy'],
  ['technical writing', 'documentation', 'docs'],
  ['code review', 'code reviews', 'reviews'],
  ['refactoring', 'legacy code', 'legacy modernization'],
  ['software craftsmanship', 'clean code'],
  ['agile', 'scrum', 'kanban'],
  ['embedded systems', 'embedded', 'firmware'],
  ['internet of things', 'iot'],
  ['real-time systems', 'rtos', 'real time'],
  ['robotics', 'ros', 'robots'],
  ['hardware', 'hw', 'electronics'],
  ['fpga', 'fpgas', 'verilog', 'vhdl'],
  ['gpu programming', 'gpu', 'cuda', 'gpgpu'],
  ['game development', 'gamedev', 'game dev', 'games'],
  ['graphics', 'computer graphics', 'rendering', 'opengl', 'vulkan'],
  ['augmented reality', 'ar/vr'],
  ['virtual reality', 'vr', 'xr'],
  ['mobile development', 'mobile', 'mobile apps'],
  ['ios', 'ios development', 'swift', 'swiftui'],
  ['android', 'android development'],
  ['blockchain', 'web3', 'crypto', 'cryptocurrency'],
  ['quantum computing', 'quantum'],
  // security
  ['security', 'infosec', 'cybersecurity', 'cyber security', 'appsec', 'application security'],
  ['cryptography', 'crypto engineering'],
  ['identity and access management', 'iam', 'identity'],
  ['authentication', 'authn', 'auth', 'oauth', 'sso', 'single sign-on'],
  ['authorization', 'authz', 'access control'],
  ['penetration testing', 'pentesting', 'pen testing', 'red team'],
  ['privacy', 'data privacy', 'gdpr'],
  ['zero trust', 'zta'],
  ['supply chain security', 'sbom', 'software supply chain'],
  // people and business
  ['engineering management', 'eng management', 'people management'],
  ['leadership', 'tech leadership', 'technical leadership'],
  ['staff engineering', 'staff+', 'staff engineer', 'principal engineering'],
  ['product management', 'pm'],
  ['project management', 'program management', 'tpm'],
  ['hiring', 'recruiting', 'recruitment', 'interviewing'],
  ['mentoring', 'mentorship', 'coaching'],
  ['career development', 'career growth', 'careers'],
  ['public speaking', 'speaking', 'conference talks', 'talks'],
  ['startups', 'startup', 'founding', 'entrepreneurship'],
  ['venture capital', 'vc', 'fundraising'],
  ['open source maintenance', 'maintainers', 'maintainership'],
  ['diversity and inclusion', 'dei', 'd&i', 'diversity'],
  ['remote work', 'remote', 'distributed teams'],
  ['user research', 'ux research', 'uxr'],
  ['design systems', 'design system', 'component libraries'],
  ['product design', 'interaction design', 'ixd'],
  ['growth', 'growth engineering', 'experimentation', 'a/b testing'],
  ['software as a service', 'saas'],
  ['financial technology', 'fintech', 'payments'],
  ['health technology', 'healthtech', 'digital health'],
  ['education technology', 'edtech'],
  ['climate technology', 'climate tech', 'sustainability', 'green software'],
  ['search', 'information retrieval', 'search engines'],
  ['geographic information systems', 'gis', 'geospatial', 'mapping'],
  ['typesetting', 'tex', 'latex'],
];

export interface Thesaurus {
  /** Folded term → its group (canonical first). */
  groups: Map<string, readonly string[]>;
}

/** Spaces, hyphens and case do not matter: `Infra-as-Code` is `infra as code`. */
export function topicForm(term: string): string {
  return fold(term)
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/**
 * The built-in groups plus the user's `topic_aliases` (`typesetting: [tex,
 * latex]`); a user entry that names a built-in term joins its group.
 */
export function buildThesaurus(userAliases: Readonly<Record<string, readonly string[]>> = {}): Thesaurus {
  const groups = new Map<string, readonly string[]>();
  const add = (terms: readonly string[]) => {
    // Merge with every group a term already belongs to.
    const merged: string[] = [];
    const seen = new Set<string>();
    const push = (t: string) => {
      const k = topicForm(t);
      if (k === '' || seen.has(k)) return;
      seen.add(k);
      merged.push(t);
    };
    for (const t of terms) {
      const g = groups.get(topicForm(t));
      if (g) g.forEach(push);
      push(t);
    }
    for (const t of merged) groups.set(topicForm(t), merged);
  };
  for (const g of GROUPS) add(g);
  for (const [topic, words] of Object.entries(userAliases)) add([topic, ...words]);
  return { groups };
}

export const BUILTIN_GROUPS = GROUPS;

/** The group of a topic (canonical first), or null when the thesaurus has no other word for it. */
export function synonymsOf(t: Thesaurus, topic: string): readonly string[] | null {
  return t.groups.get(topicForm(topic)) ?? null;
}

/** The canonical form of a topic: the first of its group, or the topic itself. */
export function canonicalTopic(t: Thesaurus, topic: string): string {
  return synonymsOf(t, topic)?.[0] ?? topic;
}

/**
 * Other ways to write a query: the whole query's synonyms, else each word's
 * (one word replaced at a time), the query itself first; at most `limit`.
 */
export function queryVariants(t: Thesaurus, query: string, limit = 12): string[] {
  const out = [query];
  const seen = new Set([topicForm(query)]);
  const push = (q: string) => {
    const k = topicForm(q);
    if (out.length < limit && k !== '' && !seen.has(k)) {
      seen.add(k);
      out.push(q);
    }
  };
  const whole = synonymsOf(t, query);
  if (whole) whole.forEach(push);
  const words = query.trim().split(/\s+/);
  if (words.length > 1) {
    words.forEach((w, i) => {
      const g = synonymsOf(t, w);
      if (g) for (const s of g) push([...words.slice(0, i), s, ...words.slice(i + 1)].join(' '));
    });
  }
  return out;
}
