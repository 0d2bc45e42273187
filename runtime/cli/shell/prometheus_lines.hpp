#pragma once
// Reads samples of one metric out of Prometheus text (0.0.4), keyed by one label's value:
// the shell shows mailbox backlogs from writemagic_mailbox_backlog{actor="..."} this way.
#include <map>
#include <string>
#include <string_view>

namespace wm::shell {

std::map<std::string, double> samples_by_label(std::string_view text, std::string_view metric,
                                               std::string_view label);

}  // namespace wm::shell
