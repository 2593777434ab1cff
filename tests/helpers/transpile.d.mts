// Types for transpile.mjs (plain JS so that scripts/bench.mjs can use it without a build).
export declare const PROJECT_ROOT: string;
/** Node flags for running a transpiled graph so packageRoot() finds this tree (node_modules may be a symlink). */
export declare const RUN_NODE_ARGS: string[];
/** Transpiles entries and their relative imports into outDir; returns each entry's output path. */
export declare function transpileGraph(entries: string[], outDir: string, root?: string): string[];
export declare function makeRunDir(label: string, root?: string): string;
export declare function removeRunDir(dir: string): void;
export declare function fileUrl(path: string): string;
