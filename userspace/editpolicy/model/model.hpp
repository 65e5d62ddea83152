// ph-editpolicy's model: the screens, and for each its rows, cursor,
// selection, search and filter, the prompt being typed, and the change in
// flight with its undo.  It knows nothing of curses: actions (actions.hpp)
// change it, the view (view/) draws it, the unit tests drive it with keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "markers.hpp"
#include "source.hpp"

namespace ph::editpolicy {

/// tomoyo-editpolicy's windows, and phtrack's.
enum class Screen {
    kDomains,
    kAcl,
    kException,
    kStats,
    kProcesses,
    kWindows,
    kHelp,
    kViolations,  // beyond TOMOYO: the stored violations, grouped (ph violations)
    kWho,         // beyond TOMOYO: who accessed the cursor's path, when (ph who)
    kProfiles,    // the four profiles (modes) and how many domains use each
    kManagers,    // the manager list (manager.conf)
};
inline constexpr int kScreens = 11;
const char *screen_name(Screen s);

/// How the view colours a part of a row.
enum class Style : uint8_t {
    kNormal,
    kDisabled,
    kLearning,
    kPermissive,
    kEnforcing,
    kMarker,
    kDim,
};
Style mode_style(uint32_t mode);

/// One line of a screen, text already safe for a terminal (no control byte,
/// no invalid UTF-8).  Drawn as head, marks and body, side by side.
struct Row {
    std::string head;  // index, profile, entry count
    Style head_style = Style::kNormal;
    std::string marks;  // tree markers, coloured as markers
    std::string body;   // the name or entry; what search and filter match
    Style body_style = Style::kNormal;
    size_t ref = 0;  // the domain, entry, line or process this row shows
};

enum class PromptKind {
    kFind,
    kIncSearch,
    kFilter,
    kMode,
    kAddEntry,
    kAddDomain,
    kConfirmDelete,
    kDomainMode,
    kAddViolation  // an entry a violation lacked, proposed, for its domain
};

struct Prompt {
    PromptKind kind;
    std::string label, text;
    size_t origin = 0;   // cursor when the prompt opened (incremental search)
    std::string target;  // kAddViolation: the domain the entry goes to
};

/// The screen text with every control byte TOMOYO-escaped (ph::term_safe)
/// and every byte that is not part of valid, non-C1 UTF-8 escaped as \ooo.
std::string screen_safe(std::string_view s);
/// Columns `s` takes: one per UTF-8 code point.
size_t text_columns(std::string_view s);

class Model {
  public:
    Model(DataSource &src, bool readonly);

    /// Read the source (again), keeping each screen's cursor on the same
    /// domain or line when it is still there.
    Result<void> load();

    /// Rows and columns of the terminal: paging, scroll bounds.
    void set_viewport(int lines, int cols);
    int list_lines() const { return list_lines_; }

    Screen screen() const { return screen_; }
    /// The rows of the current screen that pass its filter.
    size_t row_count() const { return vis_pos_.size(); }
    const Row &row(size_t i) const { return st().all[vis_pos_[i]]; }
    size_t cursor() const { return st().cursor; }
    size_t top() const { return st().top; }
    size_t hscroll() const { return st().hscroll; }
    bool selected(size_t row) const;
    size_t selection_count() const;
    const std::string &filter() const { return st().filter; }
    const std::string &last_search() const { return search_; }
    bool tree_view() const { return tree_; }
    bool readonly() const { return readonly_; }
    bool can_set_mode() const { return !readonly_ && src_.can_set_mode(); }
    bool can_set_domain_mode() const { return !readonly_ && src_.can_set_domain_mode(); }
    const PolicyData &data() const { return data_; }
    /// The domain the ACL screen shows (index into domains()).
    size_t acl_domain() const { return acl_domain_; }
    /// Domains in tree order.
    const std::vector<Domain> &domains() const { return data_.domains; }

    std::string title() const;    // the header line
    std::string columns() const;  // the column header line
    const std::string &status() const { return status_; }
    void set_status(std::string s) { status_ = std::move(s); }
    const std::optional<Prompt> &prompt() const { return prompt_; }

    // Cursor and scrolling.
    void move(long delta);
    void page(int direction);
    void home();
    void end();
    void scroll_x(long delta);
    void scroll_lines(long delta);  // the wheel: moves the view and the cursor
    /// Put the cursor on the row drawn at `line` of the list; false if none.
    bool click(int line);

    // Screens.
    /// Domain tree: open the cursor's ACL.  ACL: back to the tree.
    /// Windows: switch to the window under the cursor.
    void enter();
    void switch_to(Screen s);
    void previous_screen();
    void toggle_tree();
    /// The who screen for the path of the ACL entry under the cursor.
    bool open_who();
    const std::string &who_path() const { return who_path_; }

    // Selection.
    void toggle_select();
    void invert_selection();
    /// ACL screen: select every entry the cursor's entry covers (same
    /// keyword, a superset of its permissions, patterns matching its paths,
    /// the same numbers).  Returns how many were selected.
    size_t optimise();

    // Search: a substring of the rows' bodies, from the cursor.
    bool find_first(const std::string &s);
    bool find_next();
    bool find_prev();

    // Filter: only rows whose body contains it ("" = all).
    void set_filter(const std::string &f);

    // Prompt: open one; keys go to it until Enter or Escape.
    void open_prompt(PromptKind kind);
    void prompt_char(char c);
    void prompt_backspace();
    void prompt_accept();
    void prompt_cancel();

    // Editing (edit.cpp), as tomoyo-editpolicy: every change goes through
    // the source; the model shows it at once and, when the source refuses
    // it, returns exactly to its state before, the error in the status line.
    /// Whether changes can succeed (not read-only, and the source edits).
    bool can_edit() const { return !readonly_ && src_.edit_refusal().empty(); }
    /// Why not, for the status line ("" when it can).
    std::string edit_refusal() const;
    /// ACL screen: add an access line (TOMOYO notation) to the shown domain,
    /// checked by the shared parser (with the exception policy's groups).
    Result<void> add_entry(const std::string &line);
    /// Violations screen, A: the entry the cursor's violation lacked,
    /// patternized as `ph violations --as-policy` proposes it (the shared
    /// patternizer's built-in rules), in a prompt to accept with Enter or
    /// edit first; its domain is the violation's.  False (and why in the
    /// status line) when the row proposes nothing.
    bool propose_violation();
    /// Add an access line to the domain named `domain` (created with it
    /// when this policy lacks it), from any screen; the screen stays.
    Result<void> add_entry_to(const std::string &domain, const std::string &line);
    /// Domain tree: add a domain, a full name or a program name under the
    /// cursor's domain.
    Result<void> add_domain(const std::string &name);
    /// ACL screen: delete the selected entries (the cursor's when none is
    /// selected).  Domain tree: delete the loaded policy lines of the
    /// cursor's domain (learned entries stay).
    Result<void> delete_selection();
    /// What delete_selection() would delete: lines, and the question.
    size_t delete_count() const;
    /// D: ask before deleting (a prompt answered with y).
    void ask_delete();
    /// C: the cursor's ACL line (the first selected one when some are) into
    /// a new add prompt, to edit and send with Enter.
    void copy_to_prompt();

    /// Set the mode of every domain (phtrack's mode is the module's): the
    /// model shows the new mode at once, the source is asked, and a refusal
    /// undoes it and leaves the error in the status line.
    Result<void> set_mode(uint32_t mode);
    /// Domain tree, S: give the selected domains (the cursor's when none is
    /// selected) the mode `mode` (< 0: the default), and with `subtree`
    /// every domain below each.  Shown at once; when the source refuses the
    /// first, the model returns exactly to before; when it refuses a later
    /// one, the model shows what the source has (read again).
    Result<void> set_domain_modes(int mode, bool subtree);
    /// The domains S would change (indexes into domains()).
    std::vector<size_t> mode_targets() const;

  private:
    struct ScreenState {
        size_t cursor = 0, top = 0, hscroll = 0;
        std::vector<bool> selected;  // by row ref
        std::string filter;
        std::vector<Row> all;  // every row, before the filter
    };
    ScreenState &st() { return state_[static_cast<int>(screen_)]; }
    const ScreenState &st() const { return state_[static_cast<int>(screen_)]; }
    void rebuild(Screen s);
    void rebuild_all();
    /// Take `d` as the data: sort, index, markers, rows, each screen's
    /// cursor kept on the same domain or line.
    void adopt(PolicyData d);
    /// Add `text` (canonical) to domain `name`, shown at once, applied.
    Result<void> commit_add(const std::string &name, const std::string &text);
    /// The policy text of an ACL row's ref (an entry's or a line's).
    std::string acl_text(size_t ref) const;
    /// The refs of the ACL rows to delete.
    std::vector<size_t> delete_refs() const;
    /// Everything an edit may change, to restore when the source refuses.
    struct Saved;
    Saved save() const;
    void restore(Saved s);
    /// Apply `e` to the source after the optimistic `d` is shown.
    Result<void> commit_edit(const PolicyEdit &e, PolicyData d, const std::string &done);
    void refilter();
    void clamp();
    bool search_from(size_t start, bool forward, bool include_start);
    std::string cursor_key(Screen s) const;
    void restore_cursor(Screen s, const std::string &key);

    DataSource &src_;
    bool readonly_;
    PolicyData data_;
    std::vector<Marks> marks_;
    std::vector<std::vector<size_t>> acl_of_;    // domain index -> entry indexes
    std::vector<std::vector<size_t>> lines_of_;  // domain index -> line indexes
    std::string marks_error_;
    ScreenState state_[kScreens];
    std::vector<size_t> vis_pos_;  // visible row -> index in st().all
    Screen screen_ = Screen::kDomains;
    Screen previous_ = Screen::kDomains;
    size_t acl_domain_ = 0;
    bool tree_ = true;
    std::string search_;
    std::string who_path_;
    WhoSummary who_;
    std::optional<Prompt> prompt_;
    std::string status_;
    int list_lines_ = 20, cols_ = 80;
};

}  // namespace ph::editpolicy
