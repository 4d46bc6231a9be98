using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Search;

/// <summary>The search errors (GET …/search), each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class SearchErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow UnsupportedFieldRow = Rows.Add(new("search_unsupported_field", 400, ErrorCatalog.InvalidRequest, null,
        "Field `{0}` is an unsupported search field for resource `{1}`. See http://stripe.com/docs/search#query-fields-for-{1} for a list of supported fields.", Wording.Inferred, IsParameterError: true));
    /// <summary>A query naming a field the resource's search does not take.</summary>
    public static StripeError UnsupportedField(string field, string resource) => UnsupportedFieldRow.Make("query", field, resource);

    private static readonly ErrorRow InvalidQueryRow = Rows.Add(new("search_invalid_query", 400, ErrorCatalog.InvalidRequest, null,
        "We were unable to parse your search query. {0}", Wording.Inferred, IsParameterError: true));
    /// <summary>
    /// A query outside the search query language: the prefix recorded against Stripe (a public client's live-run
    /// tests), then its format hint, or why in our words (<see cref="SearchQueryParser"/>).
    /// </summary>
    public static StripeError InvalidQuery(string why) => InvalidQueryRow.Make("query", why);

    private static readonly ErrorRow InvalidPageRow = Rows.Add(new("search_invalid_page", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid page: {0}. Pass the next_page of a previous search result.", Wording.Inferred, IsParameterError: true));
    /// <summary>A <c>page</c> that is not a next_page this server gave.</summary>
    public static StripeError InvalidPage(string page) => InvalidPageRow.Make("page", page);
}
