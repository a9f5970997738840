// Package epcis writes the registry's history as GS1 EPCIS 2.0 events
// (JSON-LD, CBV 2.0 vocabulary), for partners and national traceability
// systems that speak the standard (docs/epcis.md):
//
//   - a minted batch is commissioning: ObjectEvent, action ADD, bizStep
//     commissioning, disposition active, the lot as ILMD cbvmda:lotNumber;
//   - a revocation (a stamp, a serial range, a batch) is decommissioning:
//     ObjectEvent, action DELETE, bizStep decommissioning, disposition
//     inactive, with the reason;
//   - an inspection is an observation: ObjectEvent, action OBSERVE, bizStep
//     inspecting, disposition conformant (genuine), unknown (suspect) or
//     non_conformant (counterfeit).
//
// Stamps are named by a GS1 Digital Link URI (base/01/{GTIN}/21/{serial})
// when their product has a GTIN, else by the office's stamp URI
// (base/id/stamp/{serial}); see Names. Events of more than MaxEPCs stamps
// are split into several events. Build reads a time window from a Source
// a page at a time, in a stable order that a Cursor continues; Document
// wraps events in an EPCISDocument. The package reads only: it never
// writes the store.
package epcis
