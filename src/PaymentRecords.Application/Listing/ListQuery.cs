namespace PaymentRecords.Application.Listing;

/// <summary>
/// A <c>created</c>-style list filter as decoded: an exact value, or bounds (<c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>).
/// Given with neither (a value that is no integer), it still asks for a set field.
/// </summary>
public sealed record RangeFilter(long? Exact, IReadOnlyList<(RangeOp Op, long Bound)> Bounds);

public enum RangeOp { Gt, Gte, Lt, Lte }

/// <summary>
/// A list's query, as Persistence builds it from typed filters: <see cref="All"/> is every object of the resource in
/// the account (a cursor is looked up there: one the filters leave out is still a position), <see cref="Matching"/>
/// the same narrowed by the filters. Untracked; the wire layer pages them by keyset (created, seq).
/// </summary>
public sealed record ListQuery<T>(IQueryable<T> All, IQueryable<T> Matching);
