// Every layer above the domain speaks in JSON values and KMSError; re-exporting them here
// keeps one import per file.
@_exported import TrentJSON
