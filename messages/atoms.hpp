#pragma once
// Atoms: the verbs of WriteMagic's typed messages (CAF atoms are at most 10 chars).
#include <caf/atom.hpp>

namespace wm {

// Supervision
using list_children_atom = caf::atom_constant<caf::atom("wmlistkid")>;
// Shutdown coordination
using subscribe_atom = caf::atom_constant<caf::atom("wmsubscr")>;
using shutdown_atom = caf::atom_constant<caf::atom("wmshutdown")>;
using phase_atom = caf::atom_constant<caf::atom("wmphase")>;
// Metrics
using scrape_atom = caf::atom_constant<caf::atom("wmscrape")>;
using scrape_json_atom = caf::atom_constant<caf::atom("wmscrapejs")>;
using sample_atom = caf::atom_constant<caf::atom("wmsample")>;
using mailbox_atom = caf::atom_constant<caf::atom("wmmailbox")>;
// Health / liveness probes and the benchmark echo service
using ping_atom = caf::atom_constant<caf::atom("wmping")>;
using status_atom = caf::atom_constant<caf::atom("wmstatus")>;
// Documents and store
using create_atom = caf::atom_constant<caf::atom("wmcreate")>;
using get_atom = caf::atom_constant<caf::atom("wmget")>;
using update_atom = caf::atom_constant<caf::atom("wmupdate")>;
using patch_atom = caf::atom_constant<caf::atom("wmpatch")>;
using rename_atom = caf::atom_constant<caf::atom("wmrename")>;
using move_atom = caf::atom_constant<caf::atom("wmmove")>;
using delete_atom = caf::atom_constant<caf::atom("wmdelete")>;
using purge_atom = caf::atom_constant<caf::atom("wmpurge")>;
using list_atom = caf::atom_constant<caf::atom("wmlist")>;
using history_atom = caf::atom_constant<caf::atom("wmhistory")>;
using restore_atom = caf::atom_constant<caf::atom("wmrestore")>;
using search_atom = caf::atom_constant<caf::atom("wmsearch")>;
using replace_atom = caf::atom_constant<caf::atom("wmreplace")>;
using stats_atom = caf::atom_constant<caf::atom("wmstats")>;
using passivate_atom = caf::atom_constant<caf::atom("wmpassiv")>;
using undelete_atom = caf::atom_constant<caf::atom("wmundelete")>;
using project_atom = caf::atom_constant<caf::atom("wmproject")>;
using import_atom = caf::atom_constant<caf::atom("wmimport")>;
using export_atom = caf::atom_constant<caf::atom("wmexport")>;
// Activates a document actor and answers its handle (introspection and tests).
using open_atom = caf::atom_constant<caf::atom("wmopen")>;
// The store actor's own "commit what is pending" nudge.
using flush_atom = caf::atom_constant<caf::atom("wmflush")>;
// AI
using complete_atom = caf::atom_constant<caf::atom("wmcomplete")>;
using cancel_atom = caf::atom_constant<caf::atom("wmcancel")>;
using breaker_atom = caf::atom_constant<caf::atom("wmbreaker")>;
using usage_atom = caf::atom_constant<caf::atom("wmusage")>;
using writing_atom = caf::atom_constant<caf::atom("wmwriting")>;
// Marks a document id argument (as opposed to a text) in a writing operation.
using document_atom = caf::atom_constant<caf::atom("wmdocument")>;
// AI internals: a provider's retry timer and the gateway's per-request deadline timer
// (both generation-tagged: delayed_send cannot be cancelled); deadline_atom is also a
// supervisor's timer for a child it is stopping.
using retry_atom = caf::atom_constant<caf::atom("wmretry")>;
using deadline_atom = caf::atom_constant<caf::atom("wmdeadline")>;
// A provider's doorbell: transfer events from the HTTP client's I/O thread wait in its inbox.
using transfer_atom = caf::atom_constant<caf::atom("wmtransfer")>;

// Cluster: the handshake between nodes, a request forwarded to its owner node, the
// membership view, and the membership actor's reconnect timer.
using hello_atom = caf::atom_constant<caf::atom("wmhello")>;
using forward_atom = caf::atom_constant<caf::atom("wmforward")>;
using members_atom = caf::atom_constant<caf::atom("wmmembers")>;
using reconnect_atom = caf::atom_constant<caf::atom("wmreconn")>;
}  // namespace wm
