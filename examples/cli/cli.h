#pragma once
// The example programs' command lines: a thin layer over CLI11 (Debian's libcli11-dev) in which each
// program declares its options in a few lines, so that all of them take -h/--help and refuse a bad
// command line alike: one line on stderr that names the option and the form it accepts, exit code 2.
//
//   cli::Parser parser("Trains a network on an MNIST-format dataset.");
//   parser.option("--data", options.data, "DIR", "MNIST-format folder")
//       .option("--epochs", options.epochs, "N", "training epochs", /*min=*/1);
//   if (!parser.parse(argc, argv)) std::cout << parser.usage();  // -h or --help
//
// CLI11 stays inside cli.cpp, so that the programs that include this compile quickly.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace cli {

/// A bad command line. The message is one line that names the option and what it accepts; run_main
/// prints it after the program's name, with a pointer to --help.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The program's name as the user typed it: $XGRAD_PROGRAM_NAME when set and not empty (a wrapper such
/// as scripts/lenet.sh passes its own), else the last component of argv0 (empty when argv0 is null).
std::string program_name(const char* argv0);

/// The shortest text that reads back as the same double ("0.05", not "0.050000000000000003").
std::string shortest(double value);

class Parser {
 public:
  static constexpr int64_t kNoMax = std::numeric_limits<int64_t>::max();

  /// description: what the program does, printed by --help under the usage line.
  explicit Parser(const std::string& description);
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// Options declared after this are listed under title by --help (until then: "Options").
  Parser& group(const std::string& title);

  // Each option takes one value, given as `--name value` or `--name=value`; the last one given counts.
  // --help lists it as `--name METAVAR  help (default <the variable's value at declaration>)`, except
  // for the optional ones, which have no default. parse() sets the variables.
  /// Text, not empty.
  Parser& option(const std::string& name, std::string& value, const std::string& metavar, const std::string& help);
  Parser& option(const std::string& name, std::optional<std::string>& value, const std::string& metavar,
                 const std::string& help);
  /// A decimal integer in [min, max].
  Parser& option(const std::string& name, int64_t& value, const std::string& metavar, const std::string& help,
                 int64_t min, int64_t max = kNoMax);
  Parser& option(const std::string& name, std::optional<int64_t>& value, const std::string& metavar,
                 const std::string& help, int64_t min, int64_t max = kNoMax);
  /// A finite number in [min, max].
  Parser& option(const std::string& name, double& value, const std::string& metavar, const std::string& help,
                 double min, double max);
  /// 0 or 1.
  Parser& option(const std::string& name, bool& value, const std::string& metavar, const std::string& help);

  /// Reads argv[1..argc-1] into the declared variables; argv[0] gives the program's name for usage().
  /// Returns false, having set nothing, when -h or --help is among them (the caller prints usage() and
  /// exits with 0). Throws UsageError for an unknown option, an argument that is not an option, a
  /// missing value (an option never takes the next option, such as --out, as its value), or a value of
  /// the wrong form or out of range: the first of these from the left, unknown arguments first.
  bool parse(int argc, const char* const* argv);

  /// The text of the last value that parse() read for option name, if it was given.
  std::optional<std::string> given(const std::string& name) const;

  /// Reads value into option name's variable as parse() would (throws UsageError if it is bad).
  void set(const std::string& name, const std::string& value);

  /// The --help text: "usage: <program> [options]", the description, the options by group.
  std::string usage() const;

 private:
  struct Declared {
    CLI::Option* option;
    std::function<void(const std::string&)> read;  // checks the text and sets the variable
  };
  Parser& add(const std::string& name, const std::string& metavar, const std::string& help,
              std::function<void(const std::string&)> read);
  const Declared& find(const CLI::Option* option) const;

  std::unique_ptr<CLI::App> app_;
  std::vector<Declared> declared_;
  std::string group_ = "Options";
};

/// main's frame: returns body()'s exit code. A UsageError thrown by body is printed on stderr as
/// "<program>: <message> (see <program> --help)" and gives 2; any other std::exception
/// "<program>: <message>" and 1.
int run_main(int argc, const char* const* argv, const std::function<int()>& body);

/// For a program without options (but -h/--help): nothing when there are no arguments (run the
/// program); else the exit code, after printing the usage (--help: 0) or the error (anything else: 2).
std::optional<int> no_options(int argc, const char* const* argv, const std::string& description);

}  // namespace cli
