namespace Recommender.Tests.Functions.Rules;

/// <summary>
/// The app of <see cref="FunctionAppFixture"/> with a rules refresh of an hour, so anything it serves right after a
/// change shows the change applied on the receiving instance itself, not read back at a refresh.
/// </summary>
public sealed class RulesAppFixture : FunctionAppFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["RulesRefreshSeconds"] = "3600" };
}
