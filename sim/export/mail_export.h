// Writes the mail stores at the end of a run to a folder: one .eml file per
// message (as stored, CRLF) and one mbox file (mboxrd quoting) per mailbox folder.
// Reads the world; never changes it.
#pragma once

#include "world/world.h"

#include <string>

namespace postino::exporter {

struct MailExportResult {
    std::string error;  // empty on success
    std::size_t messages = 0;
    std::size_t mboxes = 0;
};

// Layout: DIR/<server id>/<mailbox address>/<folder>/<uid>.eml and
//         DIR/<server id>/<mailbox address>/<folder>.mbox
MailExportResult exportMail(const world::World& world, const std::string& directory);

}  // namespace postino::exporter
