#pragma once
// A cluster member in this process, started from config the way `writemagic node` starts
// one (its cluster actor publishes itself on caf.port), and its view of the membership.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "messages/result.hpp"
#include "runtime/node/node.hpp"

namespace wm::testing {

// `overrides` are further key=value settings (as --set).
result<std::unique_ptr<node>> start_in_process_member(const std::filesystem::path& data_dir,
                                                      int port, const std::string& seeds,
                                                      std::vector<std::string> overrides = {});

// How many members `n` sees up (itself included); 0 when its cluster actor does not answer.
size_t members_up(node& n);

// Whether `n` sees the member at `address` up.
bool sees_up(node& n, const std::string& address);

}  // namespace wm::testing
