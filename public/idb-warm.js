// Starts IndexedDB's backend while the app's scripts are still loading (issue #17): the first
// database access of a browser session waits 40-100 ms for the store on disk to open (measured
// on a 100,000-application database), and the app's first access comes only after its scripts
// have been parsed and run. Listing the databases starts the backend without creating or
// upgrading anything; the app's own open (renderer/db/schema.ts) then finds it ready.
try {
  void indexedDB.databases?.().catch(function () {});
} catch (e) {
  /* no IndexedDB here (a locked-down browser): the app reports it itself */
}
