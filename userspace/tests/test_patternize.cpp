// Patternize rules (cli/patternize.cpp): each rule type, the built-in rules
// (policy/patternize.conf), rule errors, and dpkg's versioned names.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include <unistd.h>

#include "patternize.hpp"
#include "profile.hpp"

using ph::cli::Patternizer;

namespace {

Patternizer rules(const std::string &text) {
    auto r = Patternizer::parse(text, "test");
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? r.value() : Patternizer{};
}

}  // namespace

TEST(Patternize, BuiltInRulesParse) {
    auto r = Patternizer::parse(Patternizer::default_text(), "built-in");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_GE(r.value().rules().size(), 20u);
}

TEST(Patternize, BuiltInRulesAreTheShippedFile) {
    std::ifstream f(PH_PATTERNIZE_CONF_PATH);
    ASSERT_TRUE(f);
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, Patternizer::default_text());
}

TEST(Patternize, InstalledFileExtendsAndOverridesTheBuiltIn) {
    // An administrator's file: one rule of its own for a name a built-in
    // rule also matches, one new, one the built-in set already has.
    Patternizer p = rules(
        "rewrite path_pattern /proc/\\$/status /proc/\\*/status\n"
        "rewrite head_pattern /srv/cache/\\$/\n"
        "rewrite path_pattern pipe:[\\$]\n");
    size_t builtin = Patternizer::defaults().rules().size();
    EXPECT_EQ(p.append_missing(Patternizer::defaults()), builtin - 1);
    EXPECT_EQ(p.rules().size(), builtin + 2);
    EXPECT_EQ(p.name("/proc/42/status"), "/proc/\\*/status");
    EXPECT_EQ(p.name("/srv/cache/17/x"), "/srv/cache/\\$/x");
    EXPECT_EQ(p.name("pipe:[99]"), "pipe:[\\$]");
    EXPECT_EQ(p.name("socket:[5]"), "socket:[\\$]");
    // The shipped file itself adds nothing to the built-in set.
    Patternizer same = Patternizer::defaults();
    EXPECT_EQ(same.append_missing(Patternizer::defaults()), 0u);
}

TEST(Patternize, DefaultsPidsInodesTerminals) {
    const auto &p = Patternizer::defaults();
    EXPECT_EQ(p.entry("file read proc:/1234/status"), "file read proc:/\\$/status");
    EXPECT_EQ(p.entry("file read proc:/self/fd/7"), "file read proc:/self/fd/\\$");
    EXPECT_EQ(p.entry("file read /proc/99/cmdline"), "file read /proc/\\$/cmdline");
    EXPECT_EQ(p.entry("file ioctl pipe:[48213] 0x5401"), "file ioctl pipe:[\\$] 0x5401");
    EXPECT_EQ(p.entry("file read socket:[9]"), "file read socket:[\\$]");
    EXPECT_EQ(p.entry("file read/write devpts:/3"), "file read/write devpts:/\\$");
    EXPECT_EQ(p.entry("file read/write /dev/pts/12"), "file read/write /dev/pts/\\$");
    // A name no rule matches stays as it was.
    EXPECT_EQ(p.entry("file read /etc/passwd"), "file read /etc/passwd");
    EXPECT_EQ(p.entry("misc env PATH"), "misc env PATH");
    EXPECT_EQ(p.entry("capability use_kernel_module"), "capability use_kernel_module");
}

TEST(Patternize, DefaultsVersionsAndModules) {
    const auto &p = Patternizer::defaults();
    EXPECT_EQ(p.name("/usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3"),
              "/usr/lib/x86_64-linux-gnu/libfoo.so.\\$.\\$.\\$");
    EXPECT_EQ(p.name("/usr/lib/python3.11/os.py"), "/usr/lib/python3.\\$/os.py");
    EXPECT_EQ(p.name("/usr/share/perl/5.36.0/strict.pm"), "/usr/share/perl/5.\\$.\\$/strict.pm");
    EXPECT_EQ(p.name("/usr/lib/modules/6.1.0-57-amd64/modules.dep"),
              "/usr/lib/modules/\\$.\\$\\*/modules.dep");
    // Not a versioned component: untouched.
    EXPECT_EQ(p.name("/usr/lib/x86_64-linux-gnu/libfoo.so"), "/usr/lib/x86_64-linux-gnu/libfoo.so");
    EXPECT_EQ(p.name("/etc/ld.so.cache"), "/etc/ld.so.cache");
}

TEST(Patternize, DefaultsTemporaryNames) {
    const auto &p = Patternizer::defaults();
    EXPECT_EQ(p.name("/tmp/phpZjk1k3"), "/tmp/php\\?\\?\\?\\?\\?\\?");
    EXPECT_EQ(p.name("/tmp/tmp.AbCdEf1234"), "/tmp/tmp.\\?\\?\\?\\?\\?\\?\\?\\?\\?\\?");
    EXPECT_EQ(
        p.name("/tmp/systemd-private-0123456789abcdef0123456789abcdef-nginx.service-Ab12Cd/tmp/x"),
        "/tmp/systemd-private-\\X-\\*/tmp/x");
    // The private directory itself (init's mkdir, the next boot's
    // systemd-tmpfiles), not only what is below it.
    EXPECT_EQ(p.name("/tmp/systemd-private-5035752d21544a088f4abf3c5ae6af4e-phd.service-bWaDCT/"),
              "/tmp/systemd-private-\\X-\\*/");
    EXPECT_EQ(
        p.name("/var/tmp/systemd-private-5035752d21544a088f4abf3c5ae6af4e-phd.service-J8tWKZ/"),
        "/var/tmp/systemd-private-\\X-\\*/");
    // O_TMPFILE's unnamed files, as the kernel names them.
    EXPECT_EQ(p.name("/tmp/#41376"), "/tmp/#\\$");
    EXPECT_EQ(p.name("/tmp/#x1"), "/tmp/#x1");
    // SQLite's temporaries, whatever the length of their hex number.
    EXPECT_EQ(p.name("/var/tmp/etilqs_3f2a9c81d0e4b7a6"), "/var/tmp/etilqs_\\*");
    EXPECT_EQ(p.name("/var/tmp/etilqs_f2a9c81d0e4b7a6"), "/var/tmp/etilqs_\\*");
    // Words, and names outside the temporary directories, stay.
    EXPECT_EQ(p.name("/tmp/.X11-unix"), "/tmp/.X11-unix");
    EXPECT_EQ(p.name("/tmp/lockfile"), "/tmp/lockfile");
    // NAME.XXXXXX: six after a dot are random even in one class (mkstemp
    // gives that about once in 90), but not without the dot.
    EXPECT_EQ(p.name("/tmp/svc.abcdef"), "/tmp/svc.\\?\\?\\?\\?\\?\\?");
    EXPECT_EQ(p.name("/tmp/svc.ABCDEF"), "/tmp/svc.\\?\\?\\?\\?\\?\\?");
    EXPECT_EQ(p.name("/tmp/svc-abcdef"), "/tmp/svc-abcdef");
    EXPECT_EQ(p.name("/etc/svc.abcdef"), "/etc/svc.abcdef");  // not a temp directory
    EXPECT_EQ(p.name("/etc/Ab12Cd34"), "/etc/Ab12Cd34");
    // Wakeup sources, numbered per boot, and what is in them.
    EXPECT_EQ(p.name("/sys/devices/pnp0/00:06/wakeup/wakeup6/"),
              "/sys/devices/pnp0/00:06/wakeup/wakeup\\$/");
    EXPECT_EQ(p.name("/sys/devices/LNXSYSTM:00/LNXPWRBN:00/wakeup/wakeup5/name"),
              "/sys/devices/LNXSYSTM:00/LNXPWRBN:00/wakeup/wakeup\\$/\\*");
    EXPECT_EQ(p.name("/sys/devices/pnp0/00:06/power/wakeup"),
              "/sys/devices/pnp0/00:06/power/wakeup");
}

TEST(Patternize, NumbersAndAddresses) {
    auto p = rules(
        "rewrite number_pattern 32768-60999\n"
        "rewrite number_pattern 0x5401-0x5402 @TTY_IOCTL\n"
        "rewrite address_pattern 127.0.0.1 @LOCALHOST\n"
        "rewrite address_pattern 10.0.0.0-10.255.255.255\n"
        "rewrite address_pattern ::1 @LOCALHOST\n");
    EXPECT_EQ(p.entry("network inet stream connect 127.0.0.1 41234"),
              "network inet stream connect @LOCALHOST 32768-60999");
    EXPECT_EQ(p.entry("network inet stream connect 10.2.3.4 80"),
              "network inet stream connect 10.0.0.0-10.255.255.255 80");
    EXPECT_EQ(p.entry("network inet dgram send ::1 53"), "network inet dgram send @LOCALHOST 53");
    EXPECT_EQ(p.entry("file ioctl /dev/tty 0x5401"), "file ioctl /dev/tty @TTY_IOCTL");
    EXPECT_EQ(p.entry("file ioctl /dev/tty 0x5403"), "file ioctl /dev/tty 0x5403");
    // Octal modes are numbers too, and a rule's range is read in the same bases.
    auto m = rules("rewrite number_pattern 0600-0666\n");
    EXPECT_EQ(m.entry("file create /var/log/x.log 0644"), "file create /var/log/x.log 0600-0666");
    EXPECT_EQ(m.entry("file create /var/log/x.log 0755"), "file create /var/log/x.log 0755");
}

TEST(Patternize, HeadTailAndReplacementGroups) {
    auto p = rules(
        "rewrite tail_pattern /etc/mtab~\\$\n"
        "rewrite path_pattern /var/cache/app/\\* @APP_CACHE\n"
        "rewrite head_pattern /srv/site\\$/ /srv/site\\$/\n");
    EXPECT_EQ(p.name("dev(8,1):/etc/mtab~456"), "dev(8,1):/etc/mtab~\\$");
    EXPECT_EQ(p.name("/var/cache/app/blob"), "@APP_CACHE");
    EXPECT_EQ(p.name("/srv/site42/index.html"), "/srv/site\\$/index.html");
    // First matching rule wins, in file order.
    auto q = rules("rewrite path_pattern /a/\\*\nrewrite path_pattern /a/\\$\n");
    EXPECT_EQ(q.name("/a/12"), "/a/\\*");
}

TEST(Patternize, RuleErrorsNameTheLine) {
    struct {
        const char *text, *want;
    } cases[] = {
        {"# ok\nrewrite nope_pattern /x\n", "test:2: unknown rule type 'nope_pattern'"},
        {"rewrite path_pattern\n", "test:1: expected 'rewrite KIND PATTERN [REPLACEMENT]'"},
        {"replace path_pattern /x\n", "test:1: expected"},
        {"rewrite path_pattern /x\\\n", "test:1: '/x\\' is not a valid pattern"},
        {"rewrite number_pattern 9-1\n", "test:1: '9-1' is not a number or a range A-B"},
        {"rewrite address_pattern 300.1.1.1\n", "test:1: '300.1.1.1' is not an address"},
        {"rewrite version_pattern \\*.so.\\* X\n", "test:1: version_pattern takes no replacement"},
        {"rewrite path_pattern /x /y\\\n", "test:1: replacement '/y\\' is not a pattern or @GROUP"},
    };
    for (const auto &c : cases) {
        auto r = Patternizer::parse(c.text, "test");
        ASSERT_FALSE(r) << c.text;
        EXPECT_EQ(r.error().message.rfind(c.want, 0), 0u) << r.error().message;
    }
}

TEST(Patternize, DpkgVersionedNames) {
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / ("ph-dpkg-" + std::to_string(getpid()));
    fs::create_directories(root / "var/lib/dpkg/info");
    {
        std::ofstream st(root / "var/lib/dpkg/status");
        st << "Package: httpd\nStatus: install ok installed\nArchitecture: amd64\n"
              "Version: 1:2.4.57+dfsg-1\n\n"
              "Package: gone\nStatus: deinstall ok config-files\nVersion: 3.1-1\n\n"
              "Package: libbar1\nStatus: install ok installed\nArchitecture: amd64\n"
              "Version: 12.3-2\n";
        std::ofstream l1(root / "var/lib/dpkg/info/httpd.list");
        l1 << "/opt/httpd\n/opt/httpd/bin/httpd-2.4.57\n/opt/httpd/lib/mod 2.4.57.so\n"
              "/opt/httpd/share/12.4.57\n";
        std::ofstream l2(root / "var/lib/dpkg/info/libbar1:amd64.list");
        l2 << "/usr/share/doc/libbar1-12.3/README\n";
        std::ofstream l3(root / "var/lib/dpkg/info/gone.list");
        l3 << "/opt/gone-3.1\n";
    }
    Patternizer p = Patternizer::defaults();
    EXPECT_EQ(p.add_dpkg(root.string()), 3u);
    EXPECT_EQ(p.name("/opt/httpd/bin/httpd-2.4.57"), "/opt/httpd/bin/httpd-\\$.\\$.\\$");
    EXPECT_EQ(p.name("/opt/httpd/lib/mod\\0402.4.57.so"), "/opt/httpd/lib/mod\\040\\$.\\$.\\$.so");
    EXPECT_EQ(p.name("/usr/share/doc/libbar1-12.3/README"),
              "/usr/share/doc/libbar1-\\$.\\$/README");
    // Not the whole version (12.4.57 is not 2.4.57), and a removed package.
    EXPECT_EQ(p.name("/opt/httpd/share/12.4.57"), "/opt/httpd/share/12.\\$.\\$");
    EXPECT_EQ(p.name("/opt/gone-3.1"), "/opt/gone-3.1");
    // The upgraded file of the same package gives the same pattern.
    {
        std::ofstream st(root / "var/lib/dpkg/status");
        st << "Package: httpd\nStatus: install ok installed\nVersion: 2.6.1-1\n";
        std::ofstream l1(root / "var/lib/dpkg/info/httpd.list");
        l1 << "/opt/httpd/bin/httpd-2.6.1\n";
    }
    Patternizer after = Patternizer::defaults();
    EXPECT_EQ(after.add_dpkg(root.string()), 1u);
    EXPECT_EQ(after.name("/opt/httpd/bin/httpd-2.6.1"), p.name("/opt/httpd/bin/httpd-2.4.57"));
    Patternizer none = Patternizer::defaults();
    EXPECT_EQ(none.add_dpkg((root / "none").string()), 0u);
    fs::remove_all(root);
}

TEST(Patternize, ProfileEntriesMergeAfterRewriting) {
    ph::cli::Profile p;
    p.domains["/usr/sbin/nginx"] = {"file read proc:/12/status", "file read proc:/13/status",
                                    "file read /etc/nginx/nginx.conf"};
    auto q = ph::cli::patternize_profile(p, Patternizer::defaults());
    EXPECT_EQ(
        q.domains.at("/usr/sbin/nginx"),
        (std::set<std::string>{"file read /etc/nginx/nginx.conf", "file read proc:/\\$/status"}));
}

// Real names of a Debian 12 system (the Debian bed), as the kernel names
// them (merged /usr), and the pattern each must become.
TEST(Patternize, RealDebianPaths) {
    struct {
        const char *name, *want;
    } table[] = {
        // Shared libraries: every version component.
        {"/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.\\$"},
        {"/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
         "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.\\$"},
        {"/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/x86_64-linux-gnu/libssl.so.\\$"},
        {"/usr/lib/x86_64-linux-gnu/libsqlite3.so.0.8.6",
         "/usr/lib/x86_64-linux-gnu/libsqlite3.so.\\$.\\$.\\$"},
        {"/usr/lib/x86_64-linux-gnu/libncursesw.so.6.4",
         "/usr/lib/x86_64-linux-gnu/libncursesw.so.\\$.\\$"},
        {"/usr/lib/x86_64-linux-gnu/libsvc.so.1.0", "/usr/lib/x86_64-linux-gnu/libsvc.so.\\$.\\$"},
        // Language runtimes.
        {"/usr/bin/python3.11", "/usr/bin/python3.\\$"},
        {"/usr/lib/python3.11/encodings/__init__.py", "/usr/lib/python3.\\$/encodings/__init__.py"},
        {"/usr/lib/x86_64-linux-gnu/perl-base/strict.pm",
         "/usr/lib/x86_64-linux-gnu/perl-base/strict.pm"},
        {"/usr/lib/x86_64-linux-gnu/perl/5.36.0/Config.pm",
         "/usr/lib/x86_64-linux-gnu/perl/5.\\$.\\$/Config.pm"},
        // The kernel's module tree.
        {"/usr/lib/modules/6.12.117+deb12-amd64/modules.dep",
         "/usr/lib/modules/\\$.\\$\\*/modules.dep"},
        // Pids and pid files.
        {"/proc/4242/stat", "/proc/\\$/stat"},
        {"/run/svc/1234.pid", "/run/svc/\\$.pid"},
        {"/run/sshd.pid", "/run/sshd.pid"},
        {"/run/nginx.pid", "/run/nginx.pid"},
        // Temporary names.
        {"/tmp/svc.Jycb3c", "/tmp/svc.\\?\\?\\?\\?\\?\\?"},
        {"/tmp/tmp.k3JdQ9xa0Z", "/tmp/tmp.\\?\\?\\?\\?\\?\\?\\?\\?\\?\\?"},
        {"/var/tmp/systemd-private-1c7a8f0e2b3d4c5e6f708192a3b4c5d6-cron.service-xY12zA/tmp/f",
         "/var/tmp/systemd-private-\\X-\\*/tmp/f"},
        // Names that must stay as they are.
        {"/etc/ld.so.cache", "/etc/ld.so.cache"},
        {"/etc/ssl/openssl.cnf", "/etc/ssl/openssl.cnf"},
        {"/usr/lib/x86_64-linux-gnu/security/pam_unix.so",
         "/usr/lib/x86_64-linux-gnu/security/pam_unix.so"},
        {"/usr/lib/x86_64-linux-gnu/libmemusage.so", "/usr/lib/x86_64-linux-gnu/libmemusage.so"},
        {"/usr/bin/sha256sum", "/usr/bin/sha256sum"},
        {"/usr/sbin/sshd", "/usr/sbin/sshd"},
        {"/etc/pam.d/common-auth", "/etc/pam.d/common-auth"},
        {"/tmp/.X11-unix", "/tmp/.X11-unix"},
    };
    const auto &p = Patternizer::defaults();
    for (const auto &t : table) EXPECT_EQ(p.name(t.name), t.want) << t.name;
}

// No two different files of one real package (dpkg's file lists of the
// fixture: libc6, coreutils, libssl3, python3.11-minimal, perl-base,
// libsqlite3-0, libpam-modules, libncursesw6 from Debian 12) may become one
// pattern, except where a rule says they should: the named exceptions.
TEST(Patternize, RealPackagesFilesStayApart) {
    namespace fs = std::filesystem;
    // The built-in rules and the versioned names of the fixture's dpkg
    // database, as an export on that system would use them.
    Patternizer p = Patternizer::defaults();
    p.add_dpkg(PH_TEST_FIXTURES "/dpkg");
    fs::path info = fs::path(PH_TEST_FIXTURES) / "dpkg/var/lib/dpkg/info";
    size_t files = 0, packages = 0;
    for (const auto &ent : fs::directory_iterator(info)) {
        if (ent.path().extension() != ".list")
            continue;
        ++packages;
        std::vector<std::string> names;
        std::ifstream f(ent.path());
        for (std::string l; std::getline(f, l);)
            if (!l.empty() && l != "/.")
                names.push_back(l);
        std::set<std::string> dirs;  // a name another name is under
        for (const auto &n : names)
            for (size_t s = n.find('/', 1); s != std::string::npos; s = n.find('/', s + 1))
                dirs.insert(n.substr(0, s));
        std::map<std::string, std::set<std::string>> by_pattern;
        for (const auto &n : names) {
            if (dirs.count(n))
                continue;
            ++files;
            by_pattern[p.name(n)].insert(n);
        }
        for (const auto &[pat, raw] : by_pattern) {
            if (raw.size() < 2)
                continue;
            std::string all;
            for (const auto &r : raw) all += " " + r;
            ADD_FAILURE() << ent.path().filename() << ": " << raw.size() << " files became " << pat
                          << ":" << all;
        }
    }
    EXPECT_EQ(packages, 8u);
    EXPECT_GT(files, 1000u);
}

TEST(Patternize, DefaultsSystemdPerBootNames) {
    const auto &p = Patternizer::defaults();
    EXPECT_EQ(p.name("/run/systemd/journal/streams/8:20311"),
              "/run/systemd/journal/streams/\\$:\\$");
    EXPECT_EQ(p.name("/run/systemd/sessions/3"), "/run/systemd/sessions/\\$");
    EXPECT_EQ(p.name("/run/systemd/sessions/3.ref"), "/run/systemd/sessions/\\$.ref");
    EXPECT_EQ(p.name("/run/systemd/units/.#invocation:nginx.service1f2e3d4c5b6a7988"),
              "/run/systemd/\\*/.#\\*");
    EXPECT_EQ(p.name("/sys/fs/cgroup/user.slice/user-0.slice/session-4.scope/cgroup.procs"),
              "/sys/fs/cgroup/user.slice/user-\\$.slice/session-\\$.scope/cgroup.procs");
    EXPECT_EQ(p.name("proc:/self/fdinfo/12"), "proc:/self/fdinfo/\\$");
    // Atomic-write temporaries outside /run/systemd (udev's), journald's
    // rotated files, the PrivateDevices= mount point, namespaces.
    EXPECT_EQ(p.name("/run/udev/data/.#c10:183kahfAN"), "/run/udev/data/.#\\*");
    EXPECT_EQ(p.name("/dev/block/.#7:00e34af169a31c5d5"), "/dev/block/.#\\*");
    EXPECT_EQ(p.name("/var/log/journal/10ab4833447f4f18821caa5969ca7499/"
                     "system@000661a0e4ca440f-696f83f0a85c9ad0.journal~"),
              "/var/log/journal/10ab4833447f4f18821caa5969ca7499/\\*@\\X-\\X.journal~");
    EXPECT_EQ(
        p.name("/var/log/journal/10ab4833447f4f18821caa5969ca7499/"
               "system@5c1f0a9e8d7b46a3b2c1d0e9f8a7b6c5-0000000000000001-000600d1e2f3a4b5.journal"),
        "/var/log/journal/10ab4833447f4f18821caa5969ca7499/\\*@\\X-\\X-\\X.journal");
    EXPECT_EQ(p.name("/tmp/namespace-dev-00KReP/"), "/tmp/namespace-dev-\\*/");
    EXPECT_EQ(p.name("/tmp/namespace-dev-00KReP/dev/null"), "/tmp/namespace-dev-\\*/dev/null");
    EXPECT_EQ(p.name("net:[4026532185]"), "\\*:[\\$]");
    EXPECT_EQ(p.name("/var/log/journal/10ab4833447f4f18821caa5969ca7499/system.journal"),
              "/var/log/journal/10ab4833447f4f18821caa5969ca7499/system.journal");
    // Names of the same directories that are not per boot stay.
    EXPECT_EQ(p.name("/run/systemd/journal/stdout"), "/run/systemd/journal/stdout");
    EXPECT_EQ(p.name("/run/systemd/units/invocation:nginx.service"),
              "/run/systemd/units/invocation:nginx.service");
}
