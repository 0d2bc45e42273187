// Document routes: filled in once the documents service's interface is committed.
#include "runtime/http_api/api_context.hpp"

namespace wm::http_api {

void add_document_routes(http::http_server&, api_context&) {}

}  // namespace wm::http_api
