// Drawing the model with curses: title, column header, the rows, the
// status or prompt line and the function-key bar.  Lines never wrap: what
// does not fit is cut, and Left/Right scroll sideways.
#pragma once

#include <vector>

#include "actions.hpp"
#include "model/model.hpp"

namespace ph::editpolicy {

struct Layout {
    int lines = 24, cols = 80;
    int list_top = 2, list_lines = 20;
    int status_line = 22, bar_line = 23;
    struct Hit {
        int from, to;  // columns [from, to) of the bar
        Action action;
    };
    std::vector<Hit> bar;  // filled by draw()
};

Layout layout_for(int lines, int cols);
/// Draw what `reaction` names (kRedrawAll for everything).
void draw(const Model &m, unsigned reaction, Layout &lay);

}  // namespace ph::editpolicy
