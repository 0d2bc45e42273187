#pragma once
// Messages of the cluster: the handshake between nodes and the membership view.
//
// Wire versioning: every type a peer node receives (these, and the documents messages a
// forwarded request carries) is serialized by CAF through its inspect(). Bump
// cluster_wire_version whenever one of those inspect() functions changes; nodes compare
// versions at hello and refuse a peer with another one (logged, the peer stays down)
// instead of misreading its bytes. tests/cluster/wire_format_test.cpp pins the bytes of
// each wire type for the current version, so a change without a bump fails there.
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace wm {

// 2: list_query.after_id; 3: update_document_cmd.any_version; 4: export_report.cancelled
// and export's progress listener.
inline constexpr uint32_t cluster_wire_version = 4;

// Sent by a node to a peer it has just connected to; the peer answers its own.
struct cluster_hello {
  uint32_t wire_version = cluster_wire_version;
  std::string address;               // the sender's name on the ring (its cluster.advertise)
  std::vector<std::string> members;  // every member the sender knows, itself included
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cluster_hello& x) {
  return f(caf::meta::type_name("wm.cluster_hello"), x.wire_version, x.address, x.members);
}

enum class member_state : uint8_t { down = 0, connecting = 1, up = 2 };

inline const char* to_string(member_state s) {
  switch (s) {
    case member_state::down:
      return "down";
    case member_state::connecting:
      return "connecting";
    case member_state::up:
      return "up";
  }
  return "unknown";
}

// One member as this node sees it (`cluster members` in the shell, /v1/cluster).
struct member_info {
  std::string address;
  member_state state = member_state::down;
  uint32_t failed_attempts = 0;  // consecutive failed connection attempts
  bool self = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, member_info& x) {
  return f(caf::meta::type_name("wm.member_info"), x.address, x.state, x.failed_attempts, x.self);
}

}  // namespace wm
