// The WQL tokenizer: turns query text into tokens with their 1-based column (byte offset + 1).
//
//   identifier  [A-Za-z_][A-Za-z0-9_]*; the reserved words below, in any letter case, are keywords
//   keyword     SELECT FROM WHERE AND OR NOT LIKE IS NULL TRUE FALSE ASSOCIATORS REFERENCES OF
//   string      '…' or "…"; inside, \\ \' \" stand for \ ' "; any other byte stands for itself
//               (control bytes and non-ASCII included); any other escape is an error
//   integer     [+-] digits | [+-] 0x hexdigits; must fit uint64 (>= 0) or int64 (< 0)
//   real        [+-] digits "." [digits] [exp] | [+-] "." digits [exp] | [+-] digits exp,
//               exp = (e|E) [+-] digits; must be representable as a double (neither overflow
//               to infinity nor underflow past the smallest denormal)
//   operator    = <> != < > <= >=
//   punctuation * , ( )
//   path        {…}: the raw text between the braces of ASSOCIATORS OF / REFERENCES OF; quotes
//               (' or ", with backslash escapes) may contain braces
// Whitespace (space, tab, CR, LF) separates tokens. A sign belongs to a number only when a digit
// (or '.' and a digit) follows it directly.
//
// Failure contract: kInvalidArgument "WQL syntax error at column C: …" for an unterminated string
// or path, an unknown escape, a malformed or out-of-range number, a byte that starts no token,
// or a query longer than kMaxQueryBytes (that one without a column). tokenize and the other free
// functions are pure and thread-safe; a Lexer is a single-threaded cursor.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/host/wql/wql_ast.h"
#include "wmi/cim/status.h"

namespace sim::wql {

enum class TokenKind {
  kEnd,
  kInvalid,  // where the lexer failed; Lexer::next returned the error
  kIdentifier,
  kKeyword,
  kString,
  kNumber,  // Token::number holds the uint64, int64 or double
  kPath,
  kStar,
  kComma,
  kLeftParen,
  kRightParen,
  kOperator,
};

enum class Keyword {
  kSelect,
  kFrom,
  kWhere,
  kAnd,
  kOr,
  kNot,
  kLike,
  kIs,
  kNull,
  kTrue,
  kFalse,
  kAssociators,
  kReferences,
  kOf,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::size_t column = 1;  // 1-based byte offset of the token's first byte
  std::string text;        // identifier or keyword as written; decoded string; raw path text
  Keyword keyword = Keyword::kSelect;  // kKeyword
  CompareOp op = CompareOp::kEqual;    // kOperator
  Literal number;                      // kNumber
};

// Reads `query` one token at a time, so that a parser stops at the first error without
// tokenizing (and storing) the rest of a hostile input. Holds a view: `query` must outlive it.
class Lexer {
 public:
  // A query longer than kMaxQueryBytes makes the first next() fail.
  explicit Lexer(std::string_view query);

  // Fills `token` with the next token (kEnd, column size + 1, once the text is used up; again on
  // every later call). On a lexical error returns it and leaves `token` kInvalid at the column of
  // the offending token; later calls return the same error.
  wmi::Status next(Token& token);

 private:
  wmi::Status scan(Token& token);
  wmi::Status identifier(Token& token);
  wmi::Status string(Token& token);
  wmi::Status path(Token& token);
  wmi::Status number(Token& token);
  wmi::Status punctuation(Token& token);
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool has(std::size_t ahead) const { return pos_ + ahead < text_.size(); }

  std::string_view text_;
  std::size_t pos_ = 0;
  wmi::Status error_;
};

// All tokens of `query`, ending with one kEnd token; the first lexical error otherwise.
wmi::Result<std::vector<Token>> tokenize(std::string_view query);

// The keyword spelled `word` (any letter case), if it is one.
bool lookup_keyword(std::string_view word, Keyword& keyword);

// "SELECT", "FROM", ... (upper case).
const char* to_string(Keyword keyword);

// How a token reads in an error message: "identifier 'Name'", "keyword FROM", "string",
// "number", "'('", "end of query". Quoted text is cut to a short, printable excerpt.
std::string describe(const Token& token);

// kInvalidArgument "WQL syntax error at column C: message".
wmi::Status syntax_error(std::size_t column, std::string_view message);

}  // namespace sim::wql
