// The Edit menu's words for an edit ("Undo: moving alice-laptop"), in the interface's
// language, from the kind, subject and field the command reports (model/edit_command).
#pragma once

#include "model/edit_command.h"

#include <string>

namespace postino::viz {

// "moving alice-laptop", "sending “Hello Bob”", "changing Users of mail-sender"; empty for Other.
std::string editText(const EditName& name);

}  // namespace postino::viz
