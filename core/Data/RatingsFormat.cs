namespace Recommender.Core.Data;

/// <summary>Layout of a ratings file.</summary>
public enum RatingsFormat
{
    /// <summary>Chosen from the name and header: <c>.dat</c> is MovieLens dat, <c>.data</c> MovieLens 100K; a MovieLens header is MovieLens CSV; else generic.</summary>
    Auto,

    /// <summary>MovieLens <c>ratings.csv</c>: header <c>userId,movieId,rating,timestamp</c>.</summary>
    MovieLensCsv,

    /// <summary>MovieLens 1M/10M <c>ratings.dat</c>: <c>UserID::MovieID::Rating::Timestamp</c>, no header.</summary>
    MovieLensDat,

    /// <summary>CSV with a header; the user/item/value/timestamp columns are named by options.</summary>
    GenericCsv,

    /// <summary>MovieLens 100K <c>u.data</c> (and its <c>u1.base</c>-style splits): <c>user id, item id, rating, timestamp</c> separated by tabs, no header.</summary>
    MovieLens100K,
}
