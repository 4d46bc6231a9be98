using System.Globalization;
using PaymentRecords.Api.Wire;
using PaymentRecords.Persistence.Search;

namespace PaymentRecords.Api.Search;

/// <summary>
/// Stripe's search query language (docs.stripe.com/search): clauses <c>field:value</c> (exact, ignoring case),
/// <c>field~value</c> (substring of a string field, at least 3 characters), <c>field&gt;value</c> / <c>&lt;</c> /
/// <c>&gt;=</c> / <c>&lt;=</c> (numbers), <c>-</c> to negate one, <c>field:null</c>, <c>metadata['key']:'value'</c>;
/// joined by <c>AND</c> (or a space) or by <c>OR</c>, not both ("mutually exclusive"), at most 10 clauses, no
/// parentheses; the keywords ignore case. Text values are quoted (single or double quotes, <c>\</c> escapes a quote);
/// numbers may be. Anything else is refused with a 400 on <c>query</c>.
/// </summary>
public static class SearchQueryParser
{
    /// <summary>Stripe's limit on the clauses of one query.</summary>
    public const int MaxClauses = 10;

    /// <summary>The shortest value a <c>~</c> substring match takes.</summary>
    public const int MinSubstring = 3;

    public static SearchQuery Parse(string query, string resource, IReadOnlyDictionary<string, SearchField> fields)
    {
        // PostgreSQL text takes no NUL character, and no query needs one.
        if (query.Contains('\0')) throw Invalid(null);
        var clauses = new List<SearchClause>();
        bool? or = null;
        var i = 0;
        SkipSpaces(query, ref i);
        if (i == query.Length) throw Invalid(null);
        while (true)
        {
            clauses.Add(ParseClause(query, ref i, resource, fields));
            SkipSpaces(query, ref i);
            if (i == query.Length) break;
            // A space alone joins with AND.
            var at = i;
            var word = ReadWord(query, ref i);
            bool isOr;
            if (word.Equals("AND", StringComparison.OrdinalIgnoreCase)) isOr = false;
            else if (word.Equals("OR", StringComparison.OrdinalIgnoreCase)) isOr = true;
            else
            {
                i = at;
                isOr = false;
            }
            if (or is { } known && known != isOr) throw Invalid("AND and OR can't be combined in the same query.");
            or = isOr;
            if (clauses.Count == MaxClauses) throw Invalid($"A query has at most {MaxClauses} clauses.");
            SkipSpaces(query, ref i);
            if (i == query.Length) throw Invalid(null);
        }
        return new SearchQuery(clauses, or ?? false);
    }

    private static SearchClause ParseClause(string q, ref int i, string resource, IReadOnlyDictionary<string, SearchField> fields)
    {
        var negated = false;
        if (i < q.Length && q[i] == '-')
        {
            negated = true;
            i++;
        }
        var start = i;
        while (i < q.Length && (char.IsAsciiLetterOrDigit(q[i]) || q[i] == '_')) i++;
        var field = q[start..i];
        if (field.Length == 0) throw Invalid(null);
        // The clause's shape first (recorded: "asdf" is a parse error, not an unknown field), then its field.
        string? key = null;
        if (i < q.Length && q[i] == '[')
        {
            i++;
            key = ReadQuoted(q, ref i);
            if (i >= q.Length || q[i] != ']') throw Invalid(null);
            i++;
        }
        var op = ReadOperator(q, ref i);
        if (!fields.TryGetValue(field, out var spec))
            throw new StripeException(SearchErrors.UnsupportedField(field, resource));
        if ((spec.Kind == SearchFieldKind.Metadata) != (key is not null)) throw Invalid(null);
        var quoted = i < q.Length && q[i] is '"' or '\'';
        string value;
        if (quoted) value = ReadQuoted(q, ref i);
        else
        {
            var bareStart = i;
            while (i < q.Length && !char.IsWhiteSpace(q[i])) i++;
            value = q[bareStart..i];
            if (value.Equals("null", StringComparison.OrdinalIgnoreCase) && op == SearchOp.Equals)
                return new SearchClause(field, key, op, null, null, true, negated);
        }
        if (spec.Kind == SearchFieldKind.Number)
        {
            // Numbers may be quoted ("amount>=\"10\"").
            if (op == SearchOp.Contains || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                throw Invalid($"`{field}` is a numeric field: compare it with a number, for example {field}>1609459200.");
            return new SearchClause(field, key, op, null, number, false, negated);
        }
        if (spec.Kind == SearchFieldKind.Boolean)
        {
            // active:'true' (Stripe's own example), quoted or not.
            if (op != SearchOp.Equals || value.ToLowerInvariant() is not ("true" or "false"))
                throw Invalid($"`{field}` is a boolean field: compare it with 'true' or 'false'.");
            return new SearchClause(field, key, op, value.ToLowerInvariant(), null, false, negated);
        }
        if (!quoted || value.Length == 0) throw Invalid(null);
        if (op is not (SearchOp.Equals or SearchOp.Contains)) throw Invalid($"`{field}` is not a numeric field: compare it with : or ~.");
        if (op == SearchOp.Contains && spec.Kind != SearchFieldKind.Text) throw Invalid($"`{field}` does not take substring matches (~).");
        if (op == SearchOp.Contains && value.Length < MinSubstring) throw Invalid($"Substrings must be a minimum of {MinSubstring} characters.");
        return new SearchClause(field, key, op, value, null, false, negated);
    }

    private static SearchOp ReadOperator(string q, ref int i)
    {
        if (i >= q.Length) throw Invalid(null);
        var c = q[i++];
        var equalsNext = i < q.Length && q[i] == '=';
        switch (c)
        {
            case ':' or '=': return SearchOp.Equals;
            case '~': return SearchOp.Contains;
            case '>' when equalsNext: i++; return SearchOp.GreaterOrEqual;
            case '>': return SearchOp.Greater;
            case '<' when equalsNext: i++; return SearchOp.LessOrEqual;
            case '<': return SearchOp.Less;
            default: throw Invalid(null);
        }
    }

    private static string ReadQuoted(string q, ref int i)
    {
        if (i >= q.Length || q[i] is not ('"' or '\'')) throw Invalid(null);
        var quote = q[i++];
        var value = new System.Text.StringBuilder();
        while (i < q.Length && q[i] != quote)
        {
            if (q[i] == '\\' && i + 1 < q.Length) i++;
            value.Append(q[i++]);
        }
        if (i >= q.Length) throw Invalid(null);
        i++;
        return value.ToString();
    }

    private static string ReadWord(string q, ref int i)
    {
        var start = i;
        while (i < q.Length && !char.IsWhiteSpace(q[i])) i++;
        return q[start..i];
    }

    private static void SkipSpaces(string q, ref int i)
    {
        while (i < q.Length && char.IsWhiteSpace(q[i])) i++;
    }

    /// <summary>Stripe's "We were unable to parse your search query." with its hint on the format, or with <paramref name="why"/> (our words).</summary>
    private static StripeException Invalid(string? why) => new(SearchErrors.InvalidQuery(why ?? FormatHint));

    private const string FormatHint = "Try using the format `metadata[\"key\"]:\"value\"` to query for metadata or key:\"value\" to query for other fields.";
}
