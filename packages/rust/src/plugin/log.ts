/**
 * Warnings and errors of the graph path, on stderr. Nx's logger would load @nx/devkit, which costs
 * every command some 60 ms in the plugin's worker.
 */
export const warn = (text: string): void => console.warn(text);
export const error = (text: string): void => console.error(text);
