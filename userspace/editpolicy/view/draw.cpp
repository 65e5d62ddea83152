// The curses drawing of ph-editpolicy (draw.hpp).
#include "draw.hpp"

#include <curses.h>

#include <algorithm>
#include <string>

#include "colours.hpp"

namespace ph::editpolicy {

namespace {

// Writes one screen line left to right: skips the first `skip` columns (the
// sideways scroll), stops at the right edge, never wraps.
class LineWriter {
  public:
    LineWriter(int y, int cols, size_t skip) : y_(y), cols_(cols), skip_(skip) { move(y_, 0); }
    void put(const std::string &s, int attr) {
        std::string out;
        for (size_t i = 0; i < s.size();) {
            size_t n = 1;
            while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xc0) == 0x80) ++n;
            if (skip_ > 0) {
                --skip_;
            } else if (col_ < cols_) {
                out.append(s, i, n);
                ++col_;
            }
            i += n;
        }
        if (!out.empty()) {
            attrset(static_cast<attr_t>(attr));
            addnstr(out.data(), static_cast<int>(out.size()));
        }
    }
    // Fill the rest of the line with `attr`.
    void finish(int attr) {
        attrset(static_cast<attr_t>(attr));
        // The last cell of the last line: addch there would scroll; insch
        // does not.
        for (; col_ < cols_; ++col_) {
            if (col_ == cols_ - 1)
                mvinsch(y_, col_, ' ');
            else
                addch(' ');
        }
        attrset(A_NORMAL);
    }

  private:
    int y_, cols_;
    size_t skip_;
    int col_ = 0;
};

void draw_list(const Model &m, const Layout &lay) {
    for (int l = 0; l < lay.list_lines; ++l) {
        size_t i = m.top() + static_cast<size_t>(l);
        LineWriter w(lay.list_top + l, lay.cols, m.hscroll());
        if (i >= m.row_count()) {
            w.finish(A_NORMAL);
            continue;
        }
        const Row &r = m.row(i);
        int cur = i == m.cursor() ? cursor_attr() : 0;
        w.put(m.selected(i) ? "&" : " ", style_attr(Style::kMarker) | cur);
        w.put(r.head, style_attr(r.head_style) | cur);
        w.put(r.marks, style_attr(Style::kMarker) | cur);
        w.put(r.body, style_attr(r.body_style) | cur);
        w.finish(cur);
    }
}

void draw_bar(const Model &m, Layout &lay) {
    lay.bar.clear();
    LineWriter w(lay.bar_line, lay.cols, 0);
    int col = 0;
    for (const BarItem &b : fkey_bar(m)) {
        if (m.readonly() && b.action == Action::kSetMode)
            continue;
        std::string label = b.label;
        label.resize(std::max<size_t>(label.size() + 1, 6), ' ');
        int from = col;
        w.put(b.key, bar_key_attr());
        w.put(label, bar_label_attr());
        col += static_cast<int>(b.key.size() + label.size());
        lay.bar.push_back({from, col, b.action});
    }
    w.finish(bar_label_attr());
}

}  // namespace

Layout layout_for(int lines, int cols) {
    Layout l;
    l.lines = lines;
    l.cols = cols;
    l.list_top = 2;
    l.list_lines = std::max(1, lines - 4);
    l.status_line = lines - 2;
    l.bar_line = lines - 1;
    return l;
}

void draw(const Model &m, unsigned reaction, Layout &lay) {
    if (reaction & kClearScreen)
        clearok(curscr, TRUE);
    if (reaction & kRedrawHeader) {
        LineWriter t(0, lay.cols, 0);
        t.put(m.title(), header_attr());
        t.finish(header_attr());
        LineWriter c(1, lay.cols, 0);
        c.put(m.columns(), static_cast<int>(A_BOLD));
        if (!m.filter().empty())
            c.put("   [filter: " + screen_safe(m.filter()) + "]", style_attr(Style::kMarker));
        c.finish(A_NORMAL);
    }
    if (reaction & (kRedrawList | kRedrawHeader))
        draw_list(m, lay);
    if (reaction & (kRedrawStatus | kRedrawList)) {
        if (m.prompt()) {
            // A prompt longer than the line (a long domain in the label, a
            // long entry) scrolls left: the end of the text and the cursor
            // stay in view, as in a shell's line editor.
            std::string text = screen_safe(m.prompt()->text);
            size_t width = text_columns(m.prompt()->label) + text_columns(text) + 1;
            size_t cols = static_cast<size_t>(std::max(lay.cols, 1));
            LineWriter s(lay.status_line, lay.cols, width > cols ? width - cols : 0);
            s.put(m.prompt()->label, static_cast<int>(A_BOLD));
            s.put(text, A_NORMAL);
            s.put("_", static_cast<int>(A_BLINK));
            s.finish(A_NORMAL);
        } else {
            LineWriter s(lay.status_line, lay.cols, 0);
            std::string where = m.row_count() == 0 ? "0/0"
                                                   : std::to_string(m.cursor() + 1) + "/" +
                                                         std::to_string(m.row_count());
            if (size_t n = m.selection_count())
                where += "  " + std::to_string(n) + " selected";
            s.put(where + "  " + m.status(), A_NORMAL);
            s.finish(A_NORMAL);
        }
    }
    if (reaction & kRedrawBar)
        draw_bar(m, lay);
    refresh();
}

}  // namespace ph::editpolicy
