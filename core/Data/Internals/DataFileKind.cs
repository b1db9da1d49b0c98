namespace Recommender.Core.Data.Internals;

/// <summary>What an input file holds, told from its bytes.</summary>
internal enum DataFileKind
{
    /// <summary>UTF-8 text (ASCII included).</summary>
    Text,

    /// <summary>Text that is not valid UTF-8, read as ISO-8859-1 (MovieLens 100K and 1M are written that way).</summary>
    Latin1Text,

    Parquet,
}
