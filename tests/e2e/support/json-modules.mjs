// Node loader hook for the Playwright processes: shared/ imports JSON (calendar, locales, form
// wording) the way Vite and TypeScript's "bundler" resolution allow, without `with { type: 'json' }`.
// Node's ESM loader insists on the attribute, so it is added here for .json files that lack it.
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  const hasAttributes = context.importAttributes && Object.keys(context.importAttributes).length > 0;
  if (!hasAttributes && result.url && new URL(result.url).pathname.endsWith('.json')) {
    return { ...result, importAttributes: { type: 'json' } };
  }
  return result;
}
