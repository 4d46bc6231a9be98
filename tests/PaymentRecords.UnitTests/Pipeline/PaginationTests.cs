using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.UnitTests.Pipeline;

/// <summary>Keyset paging over (created desc, seq desc), run in memory with the same query shape the database gets.</summary>
public sealed class PaginationTests
{
    private sealed record Row(string Id, long Created, long Seq) : IAccountScoped
    {
        public string AccountId => "acct_test";
    }

    /// <summary>25 rows, several created in the same second (ties broken by insertion order).</summary>
    private static readonly List<Row> Rows = Enumerable.Range(1, 25).Select(i => new Row($"obj_{i:D2}", 1000 + i / 4, i)).ToList();

    private static List<Row> NewestFirst => Rows.OrderByDescending(r => r.Created).ThenByDescending(r => r.Seq).ToList();

    private static StripeParams Params(params (string Key, JsonNode Value)[] values)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in values) obj[k] = v;
        return new StripeParams(obj);
    }

    private static Pagination.Page<Row> Page(Pagination.PageRequest request)
    {
        (long, long)? cursor = request.Cursor is { } id ? Rows.Where(r => r.Id == id).Select(r => (r.Created, r.Seq)).Single() : null;
        return Pagination.Assemble(Pagination.Window(Rows.AsQueryable(), request, cursor).ToList(), request);
    }

    [Fact]
    public void Forward_paging_visits_every_row_once_newest_first()
    {
        var seen = new List<string>();
        string? cursor = null;
        while (true)
        {
            var page = Page(new Pagination.PageRequest(10, cursor, Backward: false));
            seen.AddRange(page.Items.Select(r => r.Id));
            if (!page.HasMore) break;
            cursor = page.Items[^1].Id;
        }
        Assert.Equal(NewestFirst.Select(r => r.Id), seen);
    }

    [Fact]
    public void Backward_paging_returns_the_rows_just_newer_than_the_cursor_still_newest_first()
    {
        var ordered = NewestFirst;
        var cursor = ordered[12].Id;
        var page = Page(new Pagination.PageRequest(5, cursor, Backward: true));
        Assert.Equal(ordered.Skip(7).Take(5).Select(r => r.Id), page.Items.Select(r => r.Id));
        Assert.True(page.HasMore);

        var first = Page(new Pagination.PageRequest(5, ordered[3].Id, Backward: true));
        Assert.Equal(ordered.Take(3).Select(r => r.Id), first.Items.Select(r => r.Id));
        Assert.False(first.HasMore);
    }

    [Fact]
    public void Backward_paging_from_the_oldest_row_walks_back_to_the_newest()
    {
        var seen = new List<string>();
        var cursor = NewestFirst[^1].Id;
        while (true)
        {
            var page = Page(new Pagination.PageRequest(4, cursor, Backward: true));
            seen.InsertRange(0, page.Items.Select(r => r.Id));
            if (!page.HasMore) break;
            cursor = page.Items[0].Id;
        }
        Assert.Equal(NewestFirst.SkipLast(1).Select(r => r.Id), seen);
    }

    [Fact]
    public void Ties_on_created_are_ordered_by_insertion()
    {
        var page = Page(new Pagination.PageRequest(3, null, Backward: false));
        Assert.Equal(["obj_25", "obj_24", "obj_23"], page.Items.Select(r => r.Id));
        var next = Page(new Pagination.PageRequest(3, "obj_23", Backward: false));
        Assert.Equal(["obj_22", "obj_21", "obj_20"], next.Items.Select(r => r.Id));
    }

    [Fact]
    public void Read_defaults_to_ten_newest_first()
    {
        var request = Pagination.Read(Params());
        Assert.Equal(new Pagination.PageRequest(10, null, false), request);
        Assert.Equal("starting_after", request.CursorParam);
    }

    [Fact]
    public void Read_takes_ending_before_as_a_backward_cursor()
    {
        var request = Pagination.Read(Params(("ending_before", "obj_1"), ("limit", 3L)));
        Assert.Equal(new Pagination.PageRequest(3, "obj_1", true), request);
        Assert.Equal("ending_before", request.CursorParam);
    }

    [Theory]
    [InlineData(0L, 1)]
    [InlineData(-50L, 1)]
    [InlineData(101L, 100)]
    [InlineData(100L, 100)]
    public void Read_clamps_a_limit_into_one_to_a_hundred(long limit, int expected)
    {
        Assert.Equal(expected, Pagination.Read(Params(("limit", limit))).Limit);
    }

    [Fact]
    public void Read_refuses_both_cursors()
    {
        var e = Assert.Throws<StripeException>(() => Pagination.Read(Params(("starting_after", "a"), ("ending_before", "b"))));
        Assert.Equal("Received both starting_after and ending_before parameters. Please pass in only one.", e.Error.Message);
        Assert.Null(e.Error.Code);
    }
}
