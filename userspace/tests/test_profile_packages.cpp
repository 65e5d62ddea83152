// ph profile export --by-package (cli/dpkg_owners.cpp,
// cli/profile_packages.cpp), on a fake dpkg database of its own and on the
// fixture of real Debian 12 file lists (tests/fixtures/dpkg).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "dpkg_owners.hpp"
#include "patternize.hpp"
#include "profile_packages.hpp"

namespace fs = std::filesystem;
using ph::cli::PackageOwners;

namespace {

// A dpkg database under a temporary root: PKG[:ARCH].list files.
struct FakeDpkg {
    fs::path root = fs::temp_directory_path() / ("ph-owners-" + std::to_string(getpid()));
    FakeDpkg() {
        fs::create_directories(root / "var/lib/dpkg/info");
        list("libfoo1:amd64",
             "/.\n/usr\n/usr/lib\n/usr/lib/x86_64-linux-gnu\n"
             "/usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3\n/usr/lib/x86_64-linux-gnu/libfoo.so.1\n");
        list("foo-bin", "/.\n/usr\n/usr/bin\n/usr/bin/foo\n/etc\n/etc/foo.conf\n/etc/foo dir\n");
        list("oldlib", "/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libold.so.2\n");
        std::ofstream(root / "var/lib/dpkg/info/foo-bin.md5sums") << "0 usr/bin/foo\n";
    }
    ~FakeDpkg() { fs::remove_all(root); }
    void list(const std::string &pkg, const std::string &text) {
        std::ofstream(root / "var/lib/dpkg/info" / (pkg + ".list")) << text;
    }
};

}  // namespace

TEST(PackageOwners, FilesDirectoriesAndMergedUsr) {
    FakeDpkg f;
    auto o = PackageOwners::load(f.root.string());
    EXPECT_EQ(o.packages(), 3u);                                                 // not the .md5sums
    EXPECT_EQ(o.owner("/usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3"), "libfoo1");  // ":amd64" dropped
    EXPECT_EQ(o.owner("/usr/bin/foo"), "foo-bin");
    EXPECT_EQ(o.owner("/etc/foo.conf"), "foo-bin");
    // Escaped names: a space is \040 in entries.
    EXPECT_EQ(o.owner("/etc/foo\\040dir"), "foo-bin");
    // A directory of several packages belongs to none of them.
    EXPECT_EQ(o.owner("/usr"), "");
    EXPECT_EQ(o.owner("/usr/lib"), "");
    // Merged /usr: the kernel names /usr/lib/..., the list says /lib/...
    EXPECT_EQ(o.owner("/usr/lib/x86_64-linux-gnu/libold.so.2"), "oldlib");
    EXPECT_EQ(o.owner("/lib/x86_64-linux-gnu/libfoo.so.1.2.3"), "libfoo1");
    EXPECT_EQ(o.owner("/usr/local/bin/foo"), "");
    EXPECT_EQ(o.owner("/etc/passwd"), "");
}

TEST(PackageOwners, NoDatabaseIsEmpty) {
    auto o = PackageOwners::load("/nonexistent-root");
    EXPECT_EQ(o.packages(), 0u);
    EXPECT_EQ(o.owner("/usr/bin/foo"), "");
}

TEST(ProfileByPackage, GroupsPatternizesAndRenders) {
    FakeDpkg f;
    auto o = PackageOwners::load(f.root.string());
    ph::cli::Profile raw;
    raw.roots = {"<kernel> /usr/sbin/init /usr/bin/foo"};
    raw.domains["/usr/bin/foo"] = {"file read /usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3",
                                   "file read /etc/foo.conf", "file read /etc/passwd",
                                   "network inet stream bind/listen 127.0.0.1 80",
                                   "file rename /tmp/a /etc/foo.conf"};
    size_t calls = 0, last_done = 0, last_total = 0;
    struct Seen {
        size_t *calls, *done, *total;
    } seen{&calls, &last_done, &last_total};
    auto cb = [](size_t done, size_t total, void *ctx) {
        auto *s = static_cast<Seen *>(ctx);
        ++*s->calls, *s->done = done, *s->total = total;
    };
    auto g = ph::cli::group_by_package(raw, o, &ph::cli::Patternizer::defaults(), cb, &seen);
    EXPECT_GE(calls, 1u);
    EXPECT_EQ(last_done, 5u);
    EXPECT_EQ(last_total, 5u);
    const auto &pk = g.domains.at("/usr/bin/foo");
    ASSERT_EQ(pk.size(), 3u);
    // Owner looked up by the raw name, the line patternized.
    EXPECT_EQ(pk.at("libfoo1"),
              std::set<std::string>{"file read /usr/lib/x86_64-linux-gnu/libfoo.so.\\$.\\$.\\$"});
    // The first object a package owns decides (rename's second name here).
    EXPECT_EQ(pk.at("foo-bin"), (std::set<std::string>{"file read /etc/foo.conf",
                                                       "file rename /tmp/a /etc/foo.conf"}));
    EXPECT_EQ(pk.at(ph::cli::kNoPackage),
              (std::set<std::string>{"file read /etc/passwd",
                                     "network inet stream bind/listen 127.0.0.1 80"}));
    std::string text = ph::cli::render_package_profile(g);
    EXPECT_EQ(text,
              "/usr/bin/foo\n"
              "  [foo-bin]\n    file read /etc/foo.conf\n    file rename /tmp/a /etc/foo.conf\n"
              "  [libfoo1]\n    file read /usr/lib/x86_64-linux-gnu/libfoo.so.\\$.\\$.\\$\n"
              "  [(no package)]\n    file read /etc/passwd\n"
              "    network inet stream bind/listen 127.0.0.1 80\n\n");
    std::string json = ph::cli::render_package_profile_json(g);
    EXPECT_EQ(json.rfind("{\"roots\":[\"<kernel> /usr/sbin/init /usr/bin/foo\"],\"domains\":[{"
                         "\"name\":\"/usr/bin/foo\",\"packages\":[{\"package\":\"foo-bin\","
                         "\"entries\":[\"file read /etc/foo.conf\",",
                         0),
              0u)
        << json;
    EXPECT_NE(json.find("{\"package\":\"(no package)\",\"entries\":[\"file read /etc/passwd\","),
              std::string::npos);
    // Without rules the lines stay raw.
    auto r = ph::cli::group_by_package(raw, o, nullptr);
    EXPECT_EQ(r.domains.at("/usr/bin/foo").at("libfoo1"),
              std::set<std::string>{"file read /usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3"});
}

TEST(PackageOwners, RealDebianLists) {
    auto o = PackageOwners::load(PH_TEST_FIXTURES "/dpkg");
    EXPECT_EQ(o.packages(), 8u);
    EXPECT_EQ(o.owner("/usr/lib/x86_64-linux-gnu/libc.so.6"), "libc6");
    EXPECT_EQ(o.owner("/usr/bin/ls"), "coreutils");
    EXPECT_EQ(o.owner("/usr/lib/x86_64-linux-gnu/libssl.so.3"), "libssl3");
    EXPECT_EQ(o.owner("/usr/lib/x86_64-linux-gnu/security/pam_unix.so"), "libpam-modules");
    EXPECT_EQ(o.owner("/usr/bin/python3.11"), "python3.11-minimal");
    EXPECT_EQ(o.owner("/usr/lib/x86_64-linux-gnu"), "");
}
