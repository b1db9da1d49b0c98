using Azure;

namespace Recommender.Core.Storage;

/// <summary>A blob's name and system properties (from Get Blob Properties or a listing).</summary>
public sealed record BlobProperties(string Name, ETag ETag, long ContentLength, string? ContentType, DateTimeOffset? LastModified);
