// Validation at the edge, before anything reads a request's values: text PostgreSQL cannot store
// (a NUL, a lone surrogate) in any string argument or variable is BAD_USER_INPUT naming the
// argument, and request bodies nested deeper than any real request are refused before anything
// (the response cache's key, variable coercion) walks them recursively.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { GraphQLError, Kind, OperationTypeNode, visit, type ValueNode } from 'graphql';
import { ErrorCode, type ArgumentPath } from '../errors';
import { describePath, findUnstorableText, nestingDepth, unstorableText } from '../services/arguments';
import { noteErrorCode } from './observation';

/**
 * The deepest nesting of objects and lists a request body may have. The deepest real request, a
 * recommendation input with bounds in variables, nests 5 levels.
 */
export const MAX_BODY_DEPTH = 32;

function unstorable(path: ArgumentPath, reason: string): GraphQLError {
  return new GraphQLError(
    `\`${describePath(path)}\` ${reason}, which text in this knowledge base cannot hold; remove it.`,
    { extensions: { code: ErrorCode.BAD_USER_INPUT, argumentPath: [...path], http: { status: 400 } } },
  );
}

/** Walks an argument's literal, checking its strings and the variables it refers to. */
function checkValue(node: ValueNode, path: ArgumentPath, variables: Record<string, unknown>): void {
  switch (node.kind) {
    case Kind.STRING: {
      const reason = unstorableText(node.value);
      if (reason) throw unstorable(path, reason);
      return;
    }
    case Kind.VARIABLE: {
      const found = findUnstorableText(variables[node.name.value], path);
      if (found) throw unstorable(found.path, found.reason);
      return;
    }
    case Kind.LIST:
      node.values.forEach((value, i) => checkValue(value, [...path, i], variables));
      return;
    case Kind.OBJECT:
      for (const field of node.fields) checkValue(field.value, [...path, field.name.value], variables);
      return;
    // Numbers, booleans, enum values and null hold no text.
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.BOOLEAN:
    case Kind.ENUM:
    case Kind.NULL:
      return;
  }
}

/** This API only reads: a mutation or subscription is a client error (there is no such root type). */
export function queriesOnlyPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (!operation || operation.operation === OperationTypeNode.QUERY) return;
          throw new GraphQLError(
            `This API is read-only and serves queries only; a ${operation.operation} cannot be executed.`,
            { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } },
          );
        },
      };
    },
  };
}

/** Refuses an operation whose arguments (literals or variables) hold text that cannot be stored. */
export function storableTextPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const variables = request.variables ?? {};
          visit(document, {
            Argument(node) {
              checkValue(node.value, [node.name.value], variables);
            },
          });
        },
      };
    },
  };
}

/**
 * Refuses a request body (or GET variables) nested deeper than MAX_BODY_DEPTH with a 400, in the
 * shape of the endpoint: GraphQL errors, or a JSON-RPC error on /mcp.
 */
export function bodyDepthLimit(shape: 'graphql' | 'json-rpc'): RequestHandler {
  return (req, res, next) => {
    let value: unknown = req.body;
    const variables = (req.query as Record<string, unknown> | undefined)?.variables;
    if (req.method === 'GET' && typeof variables === 'string') {
      try {
        value = JSON.parse(variables);
      } catch {
        value = null; // Apollo answers a malformed parameter itself
      }
    }
    if (nestingDepth(value, MAX_BODY_DEPTH) <= MAX_BODY_DEPTH) {
      next();
      return;
    }
    const message = `The request nests objects and lists more than ${MAX_BODY_DEPTH} levels deep; no query needs that.`;
    noteErrorCode(res, ErrorCode.BAD_REQUEST);
    res
      .status(400)
      .json(
        shape === 'graphql'
          ? { errors: [{ message, extensions: { code: ErrorCode.BAD_REQUEST } }] }
          : { jsonrpc: '2.0', error: { code: -32600, message }, id: null },
      );
  };
}
