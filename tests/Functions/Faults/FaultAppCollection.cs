namespace Recommender.Tests.Functions.Faults;

/// <summary>The fault tests share one app and run one at a time: a storage fault must not leak into a bad-input test.</summary>
[CollectionDefinition(Name)]
public sealed class FaultAppCollection : ICollectionFixture<FaultAppFixture>
{
    public const string Name = "Fault app";
}
