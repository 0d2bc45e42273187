#pragma once
// Names under which service actors put themselves in the actor system's registry at every
// (re)start, so callers always reach the current incarnation of a restarted service.
#include <caf/atom.hpp>

namespace wm::services {

inline constexpr caf::atom_value root = caf::atom("wmroot");  // the root supervisor
inline constexpr caf::atom_value metrics = caf::atom("wmmetrics");
inline constexpr caf::atom_value shutdown = caf::atom("wmshutdwn");
inline constexpr caf::atom_value health = caf::atom("wmhealth");
inline constexpr caf::atom_value store = caf::atom("wmstore");
inline constexpr caf::atom_value documents = caf::atom("wmdocs");
inline constexpr caf::atom_value gateway = caf::atom("wmgateway");
// In a cluster the cluster router takes services::documents (it places each document on
// its owner node) and this node's own documents router moves here.
inline constexpr caf::atom_value documents_local = caf::atom("wmdocslcl");
inline constexpr caf::atom_value cluster = caf::atom("wmcluster");  // membership actor

}  // namespace wm::services
