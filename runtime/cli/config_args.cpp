#include "runtime/cli/config_args.hpp"

#include <string_view>

#include "runtime/node/node_config_from.hpp"

namespace wm::cli {

result<config_args> parse_config_args(int argc, char** argv, std::string default_profile) {
  config_args out;
  out.sources.profile = std::move(default_profile);
  out.sources.is_known_caf_option = [](std::string_view key) { return is_known_caf_option(key); };
  for (int i = 1; i < argc; ++i) {
    std::string_view arg{argv[i]};
    auto value = [&](std::string_view flag) -> result<std::string> {
      if (i + 1 >= argc) return failure{errc::invalid_input, std::string{flag} + " needs a value"};
      return std::string{argv[++i]};
    };
    if (arg == "--config") {
      auto v = value(arg);
      if (!v) return v.error();
      out.sources.file = *v;
    } else if (arg == "--profile") {
      auto v = value(arg);
      if (!v) return v.error();
      out.sources.profile = *v;
    } else if (arg == "--data-dir") {
      auto v = value(arg);
      if (!v) return v.error();
      out.sources.overrides.push_back("runtime.data_dir=" + *v);
    } else if (arg == "--set") {
      auto v = value(arg);
      if (!v) return v.error();
      if (v->find('=') == std::string::npos)
        return failure{errc::invalid_input, "--set expects KEY=VALUE, got '" + *v + "'"};
      out.sources.overrides.push_back(*v);
    } else if (arg == "--dump-config") {
      out.dump_config = true;
    } else {
      out.rest.emplace_back(arg);
    }
  }
  return out;
}

result<config> load_from_args(const config_args& args) {
  return load_config(args.sources);
}

}  // namespace wm::cli
