// describeOperation and eventKindName: the names the trace and failure texts use.
#include "imap_client/client_types.h"

namespace postino::imap_client {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

std::string describeOperation(const Operation& op) {
    return std::visit(
        Overloaded{
            [](const Sync& o) { return "Sync " + o.folder; },
            [](const Read& o) { return "Read " + o.folder + ":" + std::to_string(o.uid); },
            [](const SetFlags& o) {
                return "SetFlags " + o.folder + ":" + std::to_string(o.uid) + (o.add ? " +" : " -") +
                       formatFlagList(o.flags);
            },
            [](const Move& o) { return "Move " + o.folder + ":" + std::to_string(o.uid) + " -> " + o.toFolder; },
            [](const Delete& o) { return "Delete " + o.folder + ":" + std::to_string(o.uid); },
            [](const Append& o) { return "Append " + o.folder + " (" + std::to_string(o.content.size()) + " octets)"; },
            [](const ListFolders&) { return std::string("ListFolders"); },
        },
        op);
}

const char* eventKindName(ClientEvent::Kind kind) {
    switch (kind) {
    case ClientEvent::Kind::Downloaded: return "Downloaded";
    case ClientEvent::Kind::FlagsChanged: return "FlagsChanged";
    case ClientEvent::Kind::Moved: return "Moved";
    case ClientEvent::Kind::Appended: return "Appended";
    case ClientEvent::Kind::Expunged: return "Expunged";
    case ClientEvent::Kind::CacheDiscarded: return "CacheDiscarded";
    case ClientEvent::Kind::FolderCreated: return "FolderCreated";
    case ClientEvent::Kind::FoldersListed: return "FoldersListed";
    case ClientEvent::Kind::Alert: return "Alert";
    }
    return "?";
}

}  // namespace postino::imap_client
