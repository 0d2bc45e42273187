#include "mobile/src/json_in.hpp"

#include <simdjson.h>

#include <cmath>
#include <optional>
#include <string>

#include "actors/ai/ai_writer.hpp"

namespace wm::mobile {

namespace {

namespace dom = simdjson::dom;

failure bad(std::string_view what) {
  return failure{errc::invalid_input, std::string{what}};
}

result<dom::object> parse_object(dom::parser& parser, std::string_view json, const char* what) {
  dom::element root;
  if (auto err = parser.parse(json.data(), json.size()).get(root))
    return bad(std::string{what} + ": malformed JSON: " + simdjson::error_message(err));
  dom::object obj;
  if (root.get_object().get(obj)) return bad(std::string{what} + ": must be a JSON object");
  return obj;
}

status get_string(dom::element v, std::string_view key, std::string& out) {
  std::string_view s;
  if (v.get_string().get(s)) return bad(std::string{key} + " must be a string");
  out.assign(s);
  return {};
}

status get_uint(dom::element v, std::string_view key, uint64_t max, uint64_t& out) {
  uint64_t n = 0;
  if (v.get_uint64().get(n)) return bad(std::string{key} + " must be a non-negative integer");
  if (n > max) return bad(std::string{key} + " must be at most " + std::to_string(max));
  out = n;
  return {};
}

status get_bool(dom::element v, std::string_view key, bool& out) {
  if (v.get_bool().get(out)) return bad(std::string{key} + " must be true or false");
  return {};
}

status unknown(std::string_view what, std::string_view key) {
  return bad(std::string{what} + ": unknown key '" + std::string{key} + "'");
}

}  // namespace

result<create_document_cmd> parse_create_document(std::string_view json) {
  dom::parser parser;
  auto obj = parse_object(parser, json, "document");
  if (!obj) return obj.error();
  create_document_cmd cmd;
  bool has_title = false;
  for (auto [key, v] : *obj) {
    status st;
    if (key == "title") {
      st = get_string(v, key, cmd.title);
      has_title = true;
    } else if (key == "content") {
      st = get_string(v, key, cmd.content);
    } else if (key == "contentType") {
      st = get_string(v, key, cmd.content_type);
    } else if (key == "projectId") {
      st = get_string(v, key, cmd.project_id);
    } else if (key == "author") {
      st = get_string(v, key, cmd.author);
    } else if (key == "id") {
      st = get_string(v, key, cmd.id);
    } else {
      st = unknown("document", key);
    }
    if (!st) return st.error();
  }
  if (!has_title) return bad("document: title is required");
  return cmd;
}

result<update_document_cmd> parse_document_patch(std::string_view json) {
  dom::parser parser;
  auto obj = parse_object(parser, json, "patch");
  if (!obj) return obj.error();
  update_document_cmd cmd;
  for (auto [key, v] : *obj) {
    status st;
    if (key == "title") {
      st = get_string(v, key, cmd.title);
      cmd.set_title = true;
    } else if (key == "content") {
      st = get_string(v, key, cmd.content);
      cmd.set_content = true;
    } else if (key == "author") {
      st = get_string(v, key, cmd.author);
    } else {
      st = unknown("patch", key);
    }
    if (!st) return st.error();
  }
  if (!cmd.set_title && !cmd.set_content) return bad("patch: give title and/or content");
  return cmd;
}

result<create_project_cmd> parse_create_project(std::string_view json) {
  dom::parser parser;
  auto obj = parse_object(parser, json, "project");
  if (!obj) return obj.error();
  create_project_cmd cmd;
  bool has_name = false;
  for (auto [key, v] : *obj) {
    status st;
    if (key == "name") {
      st = get_string(v, key, cmd.name);
      has_name = true;
    } else if (key == "description") {
      st = get_string(v, key, cmd.description);
    } else if (key == "id") {
      st = get_string(v, key, cmd.id);
    } else {
      st = unknown("project", key);
    }
    if (!st) return st.error();
  }
  if (!has_name) return bad("project: name is required");
  return cmd;
}

result<list_query> parse_list_query(std::string_view json) {
  list_query q;
  if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return q;
  dom::parser parser;
  auto obj = parse_object(parser, json, "query");
  if (!obj) return obj.error();
  for (auto [key, v] : *obj) {
    status st;
    uint64_t n = 0;
    if (key == "offset") {
      st = get_uint(v, key, 10000, n);
      q.offset = static_cast<uint32_t>(n);
    } else if (key == "limit") {
      st = get_uint(v, key, 1000, n);
      if (st && n == 0) st = bad("limit must be at least 1");
      q.limit = static_cast<uint32_t>(n);
    } else if (key == "projectId") {
      st = get_string(v, key, q.project_id);
    } else if (key == "includeDeleted") {
      st = get_bool(v, key, q.include_deleted);
    } else if (key == "afterId") {
      st = get_string(v, key, q.after_id);
    } else if (key == "sort") {
      std::string s;
      st = get_string(v, key, s);
      if (st) {
        if (s == "updated")
          q.sort = document_sort::updated_desc;
        else if (s == "created")
          q.sort = document_sort::created_desc;
        else if (s == "title")
          q.sort = document_sort::title_asc;
        else
          st = bad("sort must be updated, created or title");
      }
    } else {
      st = unknown("query", key);
    }
    if (!st) return st.error();
  }
  return q;
}

namespace {

// model, maxTokens, temperature, requestId and deadlineMs: the options a completion and a
// writing operation share. nullopt when `key` is none of them.
std::optional<status> completion_option(std::string_view key, dom::element v,
                                        completion_request& req) {
  uint64_t n = 0;
  status st;
  if (key == "model") {
    st = get_string(v, key, req.model);
  } else if (key == "maxTokens") {
    st = get_uint(v, key, max_request_tokens, n);
    if (st && n == 0) st = bad("maxTokens must be at least 1");
    req.max_tokens = static_cast<uint32_t>(n);
  } else if (key == "temperature") {
    double t = 0;
    if (v.get_double().get(t) || !std::isfinite(t) || t < 0 || t > 2)
      st = bad("temperature must be a number from 0 to 2");
    req.temperature = t;
  } else if (key == "requestId") {
    st = get_string(v, key, req.request_id);
    if (st && req.request_id.size() > 128) st = bad("requestId is longer than 128 bytes");
  } else if (key == "deadlineMs") {
    st = get_uint(v, key, static_cast<uint64_t>(max_request_deadline_ms), n);
    req.deadline_ms = static_cast<int64_t>(n);
  } else {
    return std::nullopt;
  }
  return st;
}

}  // namespace

result<completion_request> parse_completion_request(std::string_view json) {
  dom::parser parser;
  auto obj = parse_object(parser, json, "request");
  if (!obj) return obj.error();
  completion_request req;
  req.stream = true;
  std::string prompt, system;
  bool has_prompt = false, has_messages = false;
  for (auto [key, v] : *obj) {
    status st;
    if (key == "prompt") {
      st = get_string(v, key, prompt);
      has_prompt = true;
    } else if (key == "system") {
      st = get_string(v, key, system);
    } else if (key == "messages") {
      dom::array arr;
      if (v.get_array().get(arr)) return bad("messages must be an array");
      has_messages = true;
      for (dom::element m : arr) {
        dom::object mo;
        if (m.get_object().get(mo)) return bad("messages[]: each must be an object");
        chat_message msg;
        for (auto [mk, mv] : mo) {
          status ms;
          if (mk == "role")
            ms = get_string(mv, "messages[].role", msg.role);
          else if (mk == "content")
            ms = get_string(mv, "messages[].content", msg.content);
          else
            ms = unknown("messages[]", mk);
          if (!ms) return ms.error();
        }
        if (msg.role != "system" && msg.role != "user" && msg.role != "assistant")
          return bad("messages[].role must be system, user or assistant");
        req.messages.push_back(std::move(msg));
      }
    } else if (auto option = completion_option(key, v, req)) {
      st = std::move(*option);
    } else {
      st = unknown("request", key);
    }
    if (!st) return st.error();
  }
  if (has_prompt == has_messages) return bad("request: give exactly one of prompt and messages");
  if (has_prompt) {
    if (prompt.empty()) return bad("prompt is empty");
    req.messages.push_back({"user", std::move(prompt)});
  }
  if (req.messages.empty()) return bad("messages is empty");
  if (!system.empty()) req.messages.insert(req.messages.begin(), {"system", std::move(system)});
  return req;
}

result<writing_request> parse_writing_request(std::string_view json) {
  dom::parser parser;
  auto obj = parse_object(parser, json, "request");
  if (!obj) return obj.error();
  writing_request out;
  out.options.stream = true;
  bool has_op = false, has_text = false, has_id = false;
  for (auto [key, v] : *obj) {
    status st;
    if (key == "operation") {
      std::string name;
      st = get_string(v, key, name);
      has_op = true;
      auto op = ai::writing_op_named(name);
      if (st && !op) st = bad("operation must be " + ai::writing_op_names());
      if (op) out.op = *op;
    } else if (key == "text") {
      st = get_string(v, key, out.text);
      has_text = true;
    } else if (key == "documentId") {
      st = get_string(v, key, out.document_id);
      has_id = true;
    } else if (auto option = completion_option(key, v, out.options)) {
      st = std::move(*option);
    } else {
      st = unknown("request", key);
    }
    if (!st) return st.error();
  }
  if (!has_op) return bad("request: operation is missing");
  if (has_text == has_id) return bad("request: give exactly one of text and documentId");
  if (has_text && out.text.empty()) return bad("text is empty");
  if (has_id && out.document_id.empty()) return bad("documentId is empty");
  return out;
}

}  // namespace wm::mobile
