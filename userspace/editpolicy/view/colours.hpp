// Colours of ph-editpolicy: one curses attribute per model Style, and the
// bar's and header's, in colour or (NO_COLOR, --mono, a terminal without
// colours) in attributes only.
#pragma once

#include "model/model.hpp"

namespace ph::editpolicy {

/// Start colours unless `mono` or NO_COLOR; returns whether colour is on.
bool init_colours(bool mono);
/// The attribute (curses attr_t, as an int) of a style.
int style_attr(Style s);
int header_attr();
int bar_key_attr();
int bar_label_attr();
int cursor_attr();

}  // namespace ph::editpolicy
