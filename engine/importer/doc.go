// Package importer reads Okta Workflows exports (.flopack, .folder and .flow files: one JSON
// document each) into a typed model of the export, maps every flow it can onto Flowdeck's flow
// document, and says per flow what is ready, what needs attention and what cannot run yet.
//
// It works from the format's rules (../shared/reference/workflows-export-format.md), never from
// labels: a card is its address, a field is its group and key, the chain is the orderings graph.
// Cards Flowdeck cannot run yet become placeholder cards that keep their original JSON, so
// nothing an admin imported is ever silently dropped.
package importer
