#include "sim/host/wql/wql_parser.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "sim/host/wql/wql_association_clauses.h"
#include "sim/host/wql/wql_lexer.h"
#include "sim/host/wql/wql_like.h"
#include "sim/host/wql/wql_path.h"

namespace sim::wql {
namespace {

bool is_literal_start(const Token& t) {
  if (t.kind == TokenKind::kString || t.kind == TokenKind::kNumber) return true;
  return t.kind == TokenKind::kKeyword &&
         (t.keyword == Keyword::kTrue || t.keyword == Keyword::kFalse ||
          t.keyword == Keyword::kNull);
}

Literal literal_of(const Token& t) {
  if (t.kind == TokenKind::kString) return t.text;
  if (t.kind == TokenKind::kNumber) return t.number;
  if (t.keyword == Keyword::kTrue) return true;
  if (t.keyword == Keyword::kFalse) return false;
  return Null{};
}

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) { advance(); }

  wmi::Result<Query> query() {
    const Token& first = peek();
    if (first.kind == TokenKind::kInvalid) return lex_error_;
    if (is(Keyword::kSelect)) return wrap(select());
    if (is(Keyword::kAssociators) || is(Keyword::kReferences)) return association();
    if (first.kind == TokenKind::kEnd) return syntax_error(first.column, "empty query");
    if (first.kind == TokenKind::kIdentifier) {
      return syntax_error(first.column,
                          fmt::format("unknown keyword '{}': expected SELECT, ASSOCIATORS OF or "
                                      "REFERENCES OF",
                                      first.text));
    }
    return unexpected("SELECT, ASSOCIATORS OF or REFERENCES OF");
  }

 private:
  // The current token; take() moves past it and returns it (valid until the next take()).
  const Token& peek() const { return current_; }
  const Token& take() {
    std::swap(previous_, current_);
    advance();
    return previous_;
  }
  void advance() {
    if (wmi::Status s = lexer_.next(current_); !s.ok()) lex_error_ = std::move(s);
  }
  bool is(Keyword k) const { return peek().kind == TokenKind::kKeyword && peek().keyword == k; }
  bool is(TokenKind k) const { return peek().kind == k; }

  // What is wrong at the current token: the lexer's error if it could not read one.
  wmi::Status unexpected(std::string_view expected) const {
    if (peek().kind == TokenKind::kInvalid) return lex_error_;
    return syntax_error(peek().column,
                        fmt::format("unexpected {}: expected {}", describe(peek()), expected));
  }

  template <typename T>
  static wmi::Result<Query> wrap(wmi::Result<T> r) {
    if (!r.ok()) return r.status();
    return Query(std::move(r).value());
  }

  wmi::Result<std::string> identifier(std::string_view what) {
    if (!is(TokenKind::kIdentifier)) return unexpected(what);
    return take().text;
  }

  wmi::Status end() const {
    if (is(TokenKind::kEnd)) return {};
    return unexpected("the end of the query");
  }

  wmi::Result<SelectQuery> select() {
    take();  // SELECT
    SelectQuery q;
    if (is(TokenKind::kStar)) {
      take();
    } else {
      if (!is(TokenKind::kIdentifier)) {
        return unexpected("'*' or a property list after SELECT (the list is empty)");
      }
      while (true) {
        auto name = identifier("a property name");
        if (!name.ok()) return name.status();
        q.properties.push_back(std::move(*name));
        if (!is(TokenKind::kComma)) break;
        take();
      }
    }
    if (!is(Keyword::kFrom)) return unexpected(q.properties.empty() ? "FROM" : "',' or FROM");
    take();
    auto class_name = identifier("a class name after FROM");
    if (!class_name.ok()) return class_name.status();
    q.class_name = std::move(*class_name);
    if (is(Keyword::kWhere)) {
      take();
      if (is(TokenKind::kEnd)) return unexpected("a condition after WHERE");
      auto where = condition(0);
      if (!where.ok()) return where.status();
      q.where = std::move(*where);
    }
    if (wmi::Status s = end(); !s.ok()) return s;
    return q;
  }

  // condition = conjunction { OR conjunction }, and conjunction likewise with AND.
  wmi::Result<Condition> condition(int depth) { return chain(depth, Keyword::kOr); }

  wmi::Result<Condition> chain(int depth, Keyword joiner) {
    std::vector<Condition> operands;
    while (true) {
      auto operand = joiner == Keyword::kOr ? chain(depth, Keyword::kAnd) : unary(depth);
      if (!operand.ok()) return operand;
      operands.push_back(std::move(*operand));
      if (!is(joiner)) break;
      take();
    }
    if (operands.size() == 1) return std::move(operands.front());
    return joiner == Keyword::kOr ? disjunction(std::move(operands))
                                  : conjunction(std::move(operands));
  }

  wmi::Result<Condition> unary(int depth) {
    if (is(Keyword::kNot) || is(TokenKind::kLeftParen)) {
      if (depth >= kMaxConditionDepth) {
        return syntax_error(peek().column, fmt::format("condition nested deeper than {} levels",
                                                       kMaxConditionDepth));
      }
      if (take().kind == TokenKind::kLeftParen) {
        auto inner = condition(depth + 1);
        if (!inner.ok()) return inner;
        if (!is(TokenKind::kRightParen)) return unexpected("')' or a logical operator");
        take();
        return inner;
      }
      auto operand = unary(depth + 1);
      if (!operand.ok()) return operand;
      return negation(std::move(*operand));
    }
    return predicate();
  }

  wmi::Result<Condition> predicate() {
    if (is_literal_start(peek())) return literal_first();
    if (!is(TokenKind::kIdentifier)) return unexpected("a property name, a literal, NOT or '('");
    std::string property = take().text;
    if (is(TokenKind::kOperator)) {
      const CompareOp op = take().op;
      if (is(TokenKind::kIdentifier)) {
        return unexpected("a literal (WQL cannot compare two properties)");
      }
      if (!is_literal_start(peek())) return unexpected("a literal");
      const Token& value = take();
      return comparison(std::move(property), op, literal_of(value), value.column);
    }
    if (is(Keyword::kLike)) {
      take();
      if (!is(TokenKind::kString)) return unexpected("a string pattern after LIKE");
      const Token& pattern = take();
      if (auto error = check_like_pattern(pattern.text)) {
        return syntax_error(pattern.column,
                            fmt::format("{} (pattern byte {})", error->message, error->offset));
      }
      return like(std::move(property), pattern.text);
    }
    if (is(Keyword::kIs)) {
      take();
      bool negated = false;
      if (is(Keyword::kNot)) {
        take();
        negated = true;
      }
      if (!is(Keyword::kNull)) return unexpected(negated ? "NULL" : "NULL or NOT NULL");
      take();
      return negated ? is_not_null(std::move(property)) : is_null(std::move(property));
    }
    if (is(Keyword::kNot)) {
      return unexpected(
          "a comparison operator, LIKE or IS (write NOT before the property: NOT Name LIKE ...)");
    }
    return unexpected("a comparison operator, LIKE or IS after the property");
  }

  wmi::Result<Condition> literal_first() {
    const Token& value = take();
    const std::size_t column = value.column;
    Literal literal = literal_of(value);
    if (!is(TokenKind::kOperator)) return unexpected("a comparison operator after the literal");
    const CompareOp op = take().op;
    if (!is(TokenKind::kIdentifier)) return unexpected("a property name");
    return comparison(take().text, swapped(op), std::move(literal), column);
  }

  wmi::Result<Condition> comparison(std::string property, CompareOp op, Literal literal,
                                    std::size_t column) {
    if (!std::holds_alternative<Null>(literal)) return compare(std::move(property), op, literal);
    if (op == CompareOp::kEqual) return is_null(std::move(property));
    if (op == CompareOp::kNotEqual) return is_not_null(std::move(property));
    return syntax_error(column, "NULL can only be compared with = or <> (or use IS NULL)");
  }

  wmi::Result<Query> association() {
    const bool references = take().keyword == Keyword::kReferences;
    const char* statement = references ? "REFERENCES OF" : "ASSOCIATORS OF";
    if (!is(Keyword::kOf)) return unexpected("OF");
    take();
    if (!is(TokenKind::kPath)) return unexpected("an object path in braces {...}");
    const Token& path_token = take();
    auto source = parse_query_path(path_token.text);
    if (!source.ok()) {
      return syntax_error(path_token.column,
                          fmt::format("invalid object path: {}", source.status().message()));
    }
    AssociationClauses clauses;
    if (is(Keyword::kWhere)) {
      take();
      if (is(TokenKind::kEnd)) return unexpected(fmt::format("a clause of {}", statement));
      while (!is(TokenKind::kEnd)) {
        if (wmi::Status s = clause(references, clauses); !s.ok()) return s;
      }
    }
    if (wmi::Status s = end(); !s.ok()) return s;
    if (references) return Query(references_query(std::move(*source), clauses));
    return Query(associators_query(std::move(*source), clauses));
  }

  wmi::Status clause(bool references, AssociationClauses& clauses) {
    const char* statement = references ? "REFERENCES OF" : "ASSOCIATORS OF";
    if (!is(TokenKind::kIdentifier)) return unexpected(fmt::format("a clause of {}", statement));
    const Token& name = take();
    const ClauseInfo* info = find_clause(name.text);
    if (info == nullptr) {
      return syntax_error(name.column,
                          fmt::format("unknown keyword '{}' in {} ... WHERE: expected one of {}",
                                      name.text, statement, clause_names(references)));
    }
    if (references && !info->in_references) {
      return syntax_error(name.column, fmt::format("{} is not valid in REFERENCES OF", info->name));
    }
    if (clauses.present(info->clause)) {
      return syntax_error(name.column, fmt::format("duplicate clause {}", info->name));
    }
    if (const ClauseInfo* other = conflicting_clause(clauses, info->clause)) {
      return syntax_error(name.column,
                          fmt::format("{} cannot be combined with {}", info->name, other->name));
    }
    if (!info->takes_value) {
      if (is(TokenKind::kOperator)) {
        return syntax_error(peek().column, fmt::format("{} takes no value", info->name));
      }
      clauses.set_flag(info->clause);
      return {};
    }
    if (!is(TokenKind::kOperator) || peek().op != CompareOp::kEqual) {
      return unexpected(fmt::format("'=' after {}", info->name));
    }
    take();
    auto value = identifier(fmt::format("a name after {} =", info->name));
    if (!value.ok()) return value.status();
    clauses.set_value(info->clause, std::move(*value));
    return {};
  }

  Lexer lexer_;
  Token current_;
  Token previous_;
  wmi::Status lex_error_;
};

}  // namespace

wmi::Result<Query> parse_query(std::string_view text) { return Parser(text).query(); }

}  // namespace sim::wql
