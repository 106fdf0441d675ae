// The trace events of a mail a submission server took: its final reply, then each recipient it
// refused. Mail clients and the webmail tell it in the same words; no protocol work here.
#pragma once

#include "nodes/node.h"
#include "smtp/client_session.h"

#include <cstdint>
#include <string>

namespace postino::world {

void recordSubmitted(Node& node, const std::string& subject, const smtp::ClientResult& result,
                     std::uint32_t connection);

}  // namespace postino::world
