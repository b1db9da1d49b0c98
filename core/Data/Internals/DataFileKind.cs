namespace Recommender.Core.Data.Internals;

/// <summary>What an input file holds, told from its first bytes.</summary>
internal enum DataFileKind
{
    Text,
    Parquet,
}
