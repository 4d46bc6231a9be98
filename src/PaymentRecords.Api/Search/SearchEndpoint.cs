using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Common;
using PaymentRecords.Persistence.Search;

namespace PaymentRecords.Api.Search;

/// <summary>
/// GET /v1/{resource}/search (docs/search.md): the query parsed (<see cref="SearchQueryParser"/>), run as one SELECT
/// over the resource's table (<see cref="SearchSql"/>), newest first, and answered as Stripe's <c>search_result</c>:
/// <c>data</c>, <c>has_more</c>, <c>next_page</c> (an opaque cursor, null on the last page), <c>url</c>, and
/// <c>total_count</c> with <c>expand[]=total_count</c>. Unlike Stripe's, whose index lags writes by up to a minute,
/// a search here sees every committed write at once.
/// </summary>
public static class SearchEndpoint
{
    /// <summary>What one resource's search needs: what it reads (Persistence), its object type and URL, and how its rows render.</summary>
    public sealed record Resource<T>(SearchTable<T> Table, string ObjectType, string Url,
        Func<RequestScope, List<T>, Task<IEnumerable<JsonNode>>> RenderAsync) where T : class;

    public static async Task<JsonObject> RunAsync<T>(RequestScope s, Resource<T> resource) where T : class, IAccountScoped
    {
        var p = s.Params;
        var query = SearchQueryParser.Parse(p.String("query") ?? "", resource.Table.Name, resource.Table.Fields);
        var after = p.String("page") is { } page ? DecodePage(page) : ((long, long)?)null;
        // Newest first from the cursor, as lists page (Pagination.Window), over the rows the query matches.
        var request = new Pagination.PageRequest(Pagination.Limit(p), null, Backward: false);
        var found = Pagination.Assemble(
            await Pagination.Window(SearchSql.Matching(s.Db, resource.Table, s.AccountId, query), request, after).ToListAsync(), request);
        long? total = s.Expand.Child("total_count") is null ? null
            : await SearchSql.Matching(s.Db, resource.Table, s.AccountId, query).LongCountAsync();
        var result = new JsonObject
        {
            ["object"] = "search_result",
            ["data"] = new JsonArray([.. await resource.RenderAsync(s, [.. found.Items])]),
            ["has_more"] = found.HasMore,
            ["next_page"] = found.HasMore ? EncodePage(found.Items[^1]) : null,
            ["url"] = resource.Url,
        };
        if (total is { } count) result["total_count"] = count;
        await s.Expansions.ApplyToListAsync(s, result, resource.ObjectType, s.Expand.Child("data") ?? ExpandTree.Empty);
        return result;
    }

    private static string EncodePage(IAccountScoped last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{last.Created}:{last.Seq}")));

    private static (long Created, long Seq) DecodePage(string page)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(page)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var created)
                && long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var seq))
                return (created, seq);
        }
        catch (FormatException)
        {
        }
        throw new StripeException(SearchErrors.InvalidPage(page));
    }
}
