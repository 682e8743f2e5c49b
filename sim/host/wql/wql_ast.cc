#include "sim/host/wql/wql_ast.h"

#include <utility>

namespace sim::wql {

const char* to_string(CompareOp op) {
  switch (op) {
    case CompareOp::kEqual:
      return "=";
    case CompareOp::kNotEqual:
      return "<>";
    case CompareOp::kLess:
      return "<";
    case CompareOp::kGreater:
      return ">";
    case CompareOp::kLessEqual:
      return "<=";
    case CompareOp::kGreaterEqual:
      return ">=";
  }
  return "?";
}

CompareOp swapped(CompareOp op) {
  switch (op) {
    case CompareOp::kLess:
      return CompareOp::kGreater;
    case CompareOp::kGreater:
      return CompareOp::kLess;
    case CompareOp::kLessEqual:
      return CompareOp::kGreaterEqual;
    case CompareOp::kGreaterEqual:
      return CompareOp::kLessEqual;
    case CompareOp::kEqual:
    case CompareOp::kNotEqual:
      break;
  }
  return op;
}

namespace {

Condition leaf(ConditionKind kind, std::string property) {
  Condition c;
  c.kind = kind;
  c.property = std::move(property);
  return c;
}

Condition node(ConditionKind kind, std::vector<Condition> operands) {
  Condition c;
  c.kind = kind;
  c.operands = std::move(operands);
  return c;
}

}  // namespace

Condition compare(std::string property, CompareOp op, Literal literal) {
  Condition c = leaf(ConditionKind::kCompare, std::move(property));
  c.op = op;
  c.literal = std::move(literal);
  return c;
}

Condition like(std::string property, std::string pattern) {
  Condition c = leaf(ConditionKind::kLike, std::move(property));
  c.literal = std::move(pattern);
  return c;
}

Condition is_null(std::string property) {
  return leaf(ConditionKind::kIsNull, std::move(property));
}

Condition is_not_null(std::string property) {
  return leaf(ConditionKind::kIsNotNull, std::move(property));
}

Condition negation(Condition operand) {
  std::vector<Condition> operands;
  operands.push_back(std::move(operand));
  return node(ConditionKind::kNot, std::move(operands));
}

Condition conjunction(std::vector<Condition> operands) {
  return node(ConditionKind::kAnd, std::move(operands));
}

Condition disjunction(std::vector<Condition> operands) {
  return node(ConditionKind::kOr, std::move(operands));
}

}  // namespace sim::wql
