using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace PaymentRecords.Persistence.Search;

/// <summary>How a clause compares: <c>:</c> (exact), <c>~</c> (substring), or a numeric comparison.</summary>
public enum SearchOp { Equals, Contains, Greater, GreaterOrEqual, Less, LessOrEqual }

/// <summary>One clause of a search query: <c>[-]field op value</c>, <c>metadata['key']</c> with <see cref="MetadataKey"/> (a boolean's value is its text, <c>true</c> or <c>false</c>).</summary>
public sealed record SearchClause(string Field, string? MetadataKey, SearchOp Op, string? Text, long? Number, bool IsNull, bool Negated);

/// <summary>A parsed query: its clauses, joined by AND or (<see cref="Or"/>) by OR.</summary>
public sealed record SearchQuery(IReadOnlyList<SearchClause> Clauses, bool Or);

/// <summary>
/// What a query field holds: a string (an exact match is a phrase match: "all the query's words in the same order";
/// <c>~</c> applies), a token (an exact match is the whole value), a number, metadata (tokens by key), or a field this
/// server never sets (always null), or a boolean (<c>active:'true'</c>).
/// </summary>
public enum SearchFieldKind { Text, Token, Number, Metadata, AlwaysNull, Boolean }

/// <summary>A query field: the SQL expression of its column and its kind.</summary>
public sealed record SearchField(string Sql, SearchFieldKind Kind);

/// <summary>
/// What one resource's search reads: Stripe's name for it (in messages), its table and the rows it leaves out
/// (<see cref="Scope"/>, SQL), its query fields and its entity set.
/// </summary>
public sealed record SearchTable<T>(string Name, string Table, string Scope, IReadOnlyDictionary<string, SearchField> Fields,
    Func<PaymentRecordsDbContext, DbSet<T>> Set) where T : class;

/// <summary>
/// Stripe's search query fields of each resource (docs.stripe.com/search, "Query fields"), as SQL over their tables,
/// and the rows a query matches (paged by the caller as lists are). Values are always parameters: the SQL text is made
/// only of this file's constants (tables, columns, operators) and parameter names.
/// </summary>
public static class SearchSql
{
    /// <summary>Deleted customers are not found.</summary>
    public static readonly SearchTable<Domain.Customers.Customer> Customers = new("customers", "customers", "NOT deleted", CustomerFields,
        db => db.Customers);

    public static readonly SearchTable<Domain.Invoices.Invoice> Invoices = new("invoices", "invoices", "TRUE", InvoiceFields,
        db => db.Invoices);

    public static readonly SearchTable<Domain.Subscriptions.Subscription> Subscriptions = new("subscriptions", "subscriptions", "TRUE", SubscriptionFields,
        db => db.Subscriptions);

    /// <summary>Inline prices (<c>price_data</c>) are not found, as lists leave them out.</summary>
    public static readonly SearchTable<Domain.Catalog.Price> Prices = new("prices", "prices", "NOT inline", PriceFields,
        db => db.Prices);

    /// <summary>Deleted products are not found.</summary>
    public static readonly SearchTable<Domain.Catalog.Product> Products = new("products", "products", "NOT deleted", ProductFields,
        db => db.Products);

    private static IReadOnlyDictionary<string, SearchField> PriceFields => new Dictionary<string, SearchField>(StringComparer.Ordinal)
    {
        ["active"] = new("active", SearchFieldKind.Boolean),
        ["currency"] = new("currency", SearchFieldKind.Token),
        ["lookup_key"] = new("lookup_key", SearchFieldKind.Text),
        ["metadata"] = new("metadata", SearchFieldKind.Metadata),
        ["product"] = new("product_id", SearchFieldKind.Token),
        ["type"] = new("type", SearchFieldKind.Token),
    };

    private static IReadOnlyDictionary<string, SearchField> ProductFields => new Dictionary<string, SearchField>(StringComparer.Ordinal)
    {
        ["active"] = new("active", SearchFieldKind.Boolean),
        ["description"] = new("description", SearchFieldKind.Text),
        ["metadata"] = new("metadata", SearchFieldKind.Metadata),
        ["name"] = new("name", SearchFieldKind.Text),
        ["shippable"] = new("shippable", SearchFieldKind.Boolean),
        ["url"] = new("url", SearchFieldKind.Text),
    };

    private static IReadOnlyDictionary<string, SearchField> CustomerFields => new Dictionary<string, SearchField>(StringComparer.Ordinal)
    {
        ["created"] = new("created", SearchFieldKind.Number),
        ["email"] = new("email", SearchFieldKind.Text),
        ["metadata"] = new("metadata", SearchFieldKind.Metadata),
        ["name"] = new("name", SearchFieldKind.Text),
        ["phone"] = new("phone", SearchFieldKind.Text),
    };

    private static IReadOnlyDictionary<string, SearchField> InvoiceFields => new Dictionary<string, SearchField>(StringComparer.Ordinal)
    {
        ["created"] = new("created", SearchFieldKind.Number),
        ["currency"] = new("currency", SearchFieldKind.Token),
        ["customer"] = new("customer_id", SearchFieldKind.Token),
        // Finalization never fails here and no receipt is numbered: these are always null.
        ["last_finalization_error_code"] = new("NULL::text", SearchFieldKind.AlwaysNull),
        ["last_finalization_error_type"] = new("NULL::text", SearchFieldKind.AlwaysNull),
        ["metadata"] = new("metadata", SearchFieldKind.Metadata),
        ["number"] = new("number", SearchFieldKind.Text),
        ["receipt_number"] = new("NULL::text", SearchFieldKind.AlwaysNull),
        ["status"] = new("status", SearchFieldKind.Text),
        ["subscription"] = new("subscription_id", SearchFieldKind.Token),
        // An invoice's total: its subtotal less its discounts and the billing credits applied (InvoiceTotals).
        ["total"] = new("(subtotal - discount_amount - pretax_credit_amount)", SearchFieldKind.Number),
    };

    private static IReadOnlyDictionary<string, SearchField> SubscriptionFields => new Dictionary<string, SearchField>(StringComparer.Ordinal)
    {
        ["canceled_at"] = new("canceled_at", SearchFieldKind.Number),
        ["created"] = new("created", SearchFieldKind.Number),
        ["metadata"] = new("metadata", SearchFieldKind.Metadata),
        ["status"] = new("status", SearchFieldKind.Token),
    };

    /// <summary>
    /// The rows of <paramref name="search"/>'s table of the account that match <paramref name="query"/> and its scope,
    /// untracked, as a query to page or count (each call makes its own parameters: one belongs to one command).
    /// </summary>
    public static IQueryable<T> Matching<T>(PaymentRecordsDbContext db, SearchTable<T> search, string accountId, SearchQuery query) where T : class
    {
        var parameters = new List<NpgsqlParameter> { new("account", accountId) };
        var where = new StringBuilder($"account_id = @account AND {search.Scope} AND (");
        for (var i = 0; i < query.Clauses.Count; i++)
        {
            if (i > 0) where.Append(query.Or ? " OR " : " AND ");
            where.Append(Clause(query.Clauses[i], search.Fields[query.Clauses[i].Field], parameters));
        }
        where.Append(')');
        var sql = "SELECT * FROM " + search.Table + " WHERE " + where;
        return search.Set(db).FromSqlRaw(sql, [.. parameters]).AsNoTracking();
    }

    private static string Clause(SearchClause c, SearchField field, List<NpgsqlParameter> parameters)
    {
        string Add(object value, NpgsqlDbType type)
        {
            var name = "p" + parameters.Count;
            parameters.Add(new NpgsqlParameter(name, type) { Value = value });
            return "@" + name;
        }
        var column = field.Kind == SearchFieldKind.Metadata ? $"({field.Sql} ->> {Add(c.MetadataKey!, NpgsqlDbType.Text)})" : field.Sql;
        string test;
        if (c.IsNull) test = $"{column} IS NULL";
        else if (field.Kind == SearchFieldKind.Boolean) test = $"{column} = {Add(c.Text == "true", NpgsqlDbType.Boolean)}";
        else if (field.Kind == SearchFieldKind.Number)
        {
            var value = Add(c.Number!.Value, NpgsqlDbType.Bigint);
            test = c.Op switch
            {
                SearchOp.Greater => $"{column} > {value}",
                SearchOp.GreaterOrEqual => $"{column} >= {value}",
                SearchOp.Less => $"{column} < {value}",
                SearchOp.LessOrEqual => $"{column} <= {value}",
                _ => $"{column} = {value}",
            };
        }
        else if (c.Op == SearchOp.Contains)
        {
            var escaped = c.Text!.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
            test = $"{column} ILIKE {Add("%" + escaped + "%", NpgsqlDbType.Text)}";
        }
        // Exact matches ignore case, as Stripe's do; on a string field the value is a phrase: its words, in order,
        // between word boundaries (the value's own characters are escaped for the regular expression).
        else if (field.Kind == SearchFieldKind.Text)
        {
            var phrase = System.Text.RegularExpressions.Regex.Replace(c.Text!, @"[\\^$.|?*+()\[\]{}]", @"\$0");
            // Both sides lowered by the database, so that they fold case alike.
            test = $"lower({column}) ~ lower({Add("(^|[^[:alnum:]])" + phrase + "([^[:alnum:]]|$)", NpgsqlDbType.Text)})";
        }
        else test = $"lower({column}) = lower({Add(c.Text!, NpgsqlDbType.Text)})";
        // A negated clause also matches the rows where the field is not set.
        return c.Negated ? $"NOT coalesce({test}, false)" : $"coalesce({test}, false)";
    }
}
