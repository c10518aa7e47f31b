package io.regionaledge.operator.crd;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worst-case cost the API server assigns to one x-kubernetes-validations rule when a CRD is
 * created: a port of cel-go's static estimator (google/cel-go checker/cost.go, the version
 * Kubernetes 1.28-1.33 pin; the logic is unchanged across them) with Kubernetes' size estimator
 * (apiextensions-apiserver pkg/apiserver/schema/cel/compilation.go sizeEstimator, sizes from {@link
 * CelDecl}). Only the maximum is tracked; every sum and product saturates. Lines at cel-go v0.20.1:
 * identifier and select 1; equality {@code ceil(min(lhs, rhs) x 0.1)} + arguments (L641-653);
 * comprehension {@code range + init + result + rangeSize x (step + loopCondition)} (L496-520);
 * {@code &&}/{@code ||} lhs + rhs (L613-618); {@code _?_:_} cond + max(then, else) (L619-626).
 * Kubernetes' own call estimator (apiserver pkg/cel/library/cost.go) leaves string equality to
 * cel-go in v0.28-v0.33.
 *
 * <p>Where this port is unsure it is stricter than the server: every field select costs 1 (the
 * server skips it on dyn operands), presence tests cost 1 ({@code PresenceTestHasCost} default),
 * string concatenation is O(n) (newer cel-go), and a function it does not model is an error rather
 * than a guess.
 */
final class CelCost {
  static final long UNKNOWN = Long.MAX_VALUE;
  // cel-go common/cost.go
  static final double STRING_TRAVERSAL_COST_FACTOR = 0.1;
  static final double REGEX_STRING_LENGTH_COST_FACTOR = 0.25;
  static final long LIST_CREATE_BASE_COST = 10;
  static final long MAP_CREATE_BASE_COST = 30;
  static final long STRUCT_CREATE_BASE_COST = 40;

  private static final CelCompiler PARSER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .build();

  /** One evaluated sub-expression: its cost and what is known about its size. */
  private record Est(long cost, CelDecl decl, Long size, boolean scalar, boolean string) {
    static Est scalarResult(long cost) {
      return new Est(cost, null, null, true, false);
    }
  }

  private final Map<String, Deque<Est>> locals = new HashMap<>();

  private CelCost() {}

  /** The rule's estimated maximum cost with {@code self} of the given type. */
  static long estimate(String rule, CelDecl self) {
    CelAbstractSyntaxTree ast;
    try {
      ast = PARSER.parse(rule).getAst();
    } catch (Exception e) {
      throw new IllegalArgumentException("CEL rule does not parse: " + rule, e);
    }
    CelCost c = new CelCost();
    c.push("self", new Est(1, self, null, false, self.kind == CelDecl.Kind.STRING));
    c.push("oldSelf", new Est(1, self, null, false, self.kind == CelDecl.Kind.STRING));
    return c.cost(ast.getExpr()).cost;
  }

  private void push(String name, Est value) {
    locals.computeIfAbsent(name, k -> new ArrayDeque<>()).push(value);
  }

  private void pop(String name) {
    locals.get(name).pop();
  }

  /** cel-go coster.sizeOrUnknown / computeSize: computed, then path (schema), then scalar type. */
  private static long sizeOf(Est e) {
    if (e.size != null) {
      return e.size;
    }
    if (e.decl != null) {
      return e.decl.maxElements;
    }
    return e.scalar ? 1 : UNKNOWN;
  }

  private Est cost(CelExpr e) {
    switch (e.getKind()) {
      case CONSTANT:
        return constant(e.constant());
      case IDENT:
        {
          Deque<Est> scope = locals.get(e.ident().name());
          if (scope == null || scope.isEmpty()) {
            throw new IllegalArgumentException("unknown identifier " + e.ident().name());
          }
          Est v = scope.peek();
          return new Est(1, v.decl, v.size, v.scalar, v.string); // selectAndIdentCost
        }
      case SELECT:
        return select(e.select());
      case CALL:
        return call(e.call());
      case LIST:
        {
          long sum = LIST_CREATE_BASE_COST;
          for (CelExpr el : e.list().elements()) {
            sum = add(sum, cost(el).cost);
          }
          return new Est(sum, null, (long) e.list().elements().size(), false, false);
        }
      case MAP:
        {
          long sum = MAP_CREATE_BASE_COST;
          for (CelExpr.CelMap.Entry en : e.map().entries()) {
            sum = add(sum, add(cost(en.key()).cost, cost(en.value()).cost));
          }
          return new Est(sum, null, (long) e.map().entries().size(), false, false);
        }
      case STRUCT:
        {
          long sum = STRUCT_CREATE_BASE_COST;
          for (CelExpr.CelStruct.Entry en : e.struct().entries()) {
            sum = add(sum, cost(en.value()).cost);
          }
          return new Est(sum, null, null, false, false);
        }
      case COMPREHENSION:
        return comprehension(e.comprehension());
      default:
        throw new IllegalArgumentException("unsupported expression " + e);
    }
  }

  private static Est constant(CelConstant c) {
    // cel-go astNode.ComputedSize: strings by runes, bytes by length, other literals 1; cost 0.
    return switch (c.getKind()) {
      case STRING_VALUE ->
          new Est(
              0,
              null,
              (long) c.stringValue().codePointCount(0, c.stringValue().length()),
              false,
              true);
      case BYTES_VALUE -> new Est(0, null, (long) c.bytesValue().size(), false, false);
      default -> new Est(0, null, 1L, true, false);
    };
  }

  private Est select(CelExpr.CelSelect s) {
    Est operand = cost(s.operand());
    if (s.testOnly()) {
      return Est.scalarResult(add(1, operand.cost)); // has(): presenceTestCost 1 + operand
    }
    if (operand.decl != null && operand.decl.kind == CelDecl.Kind.MAP) {
      // compilation.go sizeEstimator looks a field name up in Fields only, so a select on a map
      // has no size from the schema: cel-go falls back to the type (1 for scalars, else unknown).
      CelDecl.Kind k = operand.decl.elem.kind;
      boolean scalar = k == CelDecl.Kind.INT || k == CelDecl.Kind.DOUBLE || k == CelDecl.Kind.BOOL;
      return new Est(add(operand.cost, 1), null, null, scalar, k == CelDecl.Kind.STRING);
    }
    CelDecl field = null;
    if (operand.decl != null) {
      field = operand.decl.fields.get(s.field());
      if (field == null && operand.decl.kind == CelDecl.Kind.OBJECT) {
        throw new IllegalArgumentException("no field " + s.field() + " in the schema");
      }
    }
    return new Est(
        add(operand.cost, 1),
        field,
        null,
        false,
        field != null && field.kind == CelDecl.Kind.STRING);
  }

  private Est call(CelExpr.CelCall call) {
    long target = 0;
    Est t = null;
    if (call.target().isPresent()) {
      t = cost(call.target().get());
      target = t.cost;
    }
    List<CelExpr> argExprs = call.args();
    Est[] args = new Est[argExprs.size()];
    long argSum = 0;
    for (int i = 0; i < args.length; i++) {
      args[i] = cost(argExprs.get(i));
      argSum = add(argSum, args[i].cost);
    }
    long base = add(target, argSum);
    String fn = call.function();
    switch (fn) {
      case "_&&_", "_||_":
        return Est.scalarResult(base); // lhs + rhs, no cost of its own
      case "_?_:_":
        {
          long size = Math.max(sizeOf(args[1]), sizeOf(args[2]));
          long c = add(args[0].cost, Math.max(args[1].cost, args[2].cost));
          return new Est(
              c, null, size, args[1].scalar && args[2].scalar, args[1].string && args[2].string);
        }
      case "_==_", "_!=_":
        return Est.scalarResult(add(traversal(Math.min(sizeOf(args[0]), sizeOf(args[1]))), base));
      case "_<_", "_<=_", "_>_", "_>=_":
        if (args[0].string || args[1].string) { // LessString etc.: O(n) like equality
          return Est.scalarResult(add(traversal(Math.min(sizeOf(args[0]), sizeOf(args[1]))), base));
        }
        return Est.scalarResult(add(1, base));
      case "size",
      "!_",
      "-_",
      "_-_",
      "_*_",
      "_/_",
      "_%_",
      "@not_strictly_false",
      "int",
      "uint",
      "double",
      "bool":
        return Est.scalarResult(add(1, base)); // O(1): cost 1 + arguments
      case "_+_":
        {
          Est l = args[0];
          Est r = args[1];
          if (l.string || r.string) {
            long size = add(sizeOf(l), sizeOf(r));
            return new Est(add(traversal(size), base), null, size, false, true);
          }
          if (l.scalar && r.scalar) {
            return Est.scalarResult(add(1, base));
          }
          return new Est(add(1, base), null, add(sizeOf(l), sizeOf(r)), false, false);
        }
      case "_[_]":
        {
          CelDecl container = args[0].decl;
          CelDecl elem = container == null ? null : container.elem;
          return new Est(
              add(1, base), elem, null, false, elem != null && elem.kind == CelDecl.Kind.STRING);
        }
      case "@in":
        return Est.scalarResult(add(sizeOf(args[1]), base));
      case "startsWith", "endsWith":
        return Est.scalarResult(add(traversal(sizeOf(args[0])), base));
      case "contains":
        return Est.scalarResult(add(mul(traversal(sizeOf(t)), traversal(sizeOf(args[0]))), base));
      case "matches":
        {
          // "Add one to string length ... to prevent product of string and regex to be 0"
          long str = traversal(add(sizeOf(t), 1));
          long regex = factor(sizeOf(args[0]), REGEX_STRING_LENGTH_COST_FACTOR);
          return Est.scalarResult(add(mul(str, regex), base));
        }
      default:
        throw new IllegalArgumentException(
            "function "
                + fn
                + " is not modelled: add its cost from cel-go checker/cost.go"
                + " or apiserver pkg/cel/library/cost.go before using it in a rule");
    }
  }

  private Est comprehension(CelExpr.CelComprehension c) {
    Est range = cost(c.iterRange());
    Est init = cost(c.accuInit());
    long sum = add(range.cost, init.cost);
    push(c.accuVar(), new Est(1, null, sizeOf(init), init.scalar, init.string));
    CelDecl elem = null;
    if (range.decl != null) {
      elem = range.decl.kind == CelDecl.Kind.MAP ? CelDecl.MAP_KEY : range.decl.elem;
    }
    push(
        c.iterVar(),
        new Est(1, elem, null, false, elem != null && elem.kind == CelDecl.Kind.STRING));
    long loop = cost(c.loopCondition()).cost;
    long step = cost(c.loopStep()).cost;
    pop(c.iterVar());
    Est result = cost(c.result());
    pop(c.accuVar());
    sum = add(sum, result.cost);
    long rangeCount = sizeOf(range);
    // costComprehension: range + init + result + rangeSize x (step + loopCondition)
    sum = add(sum, mul(rangeCount, add(step, loop)));
    boolean literalInit = c.accuInit().getKind() == CelExpr.ExprKind.Kind.CONSTANT;
    return new Est(
        sum, null, literalInit ? sizeOf(init) : rangeCount, result.scalar, result.string);
  }

  private static long traversal(long size) {
    return factor(size, STRING_TRAVERSAL_COST_FACTOR);
  }

  /** cel-go multiplyByCostFactor: the product rounded up, saturating. */
  static long factor(long x, double f) {
    if (x == UNKNOWN) {
      return UNKNOWN;
    }
    double v = Math.ceil(x * f);
    return v >= (double) UNKNOWN ? UNKNOWN : (long) v;
  }

  static long add(long a, long b) {
    long r = a + b;
    return (r < 0 || a == UNKNOWN || b == UNKNOWN) ? UNKNOWN : r;
  }

  static long mul(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > UNKNOWN / b ? UNKNOWN : a * b;
  }
}
