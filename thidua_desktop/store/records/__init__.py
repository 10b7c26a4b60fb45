"""The desk's records: member units, movements, people, proposals and the steps of a proposal."""
