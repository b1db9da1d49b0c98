using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Infra;

public class SecretScanTests
{
    [Fact]
    public void DeploymentFiles_ContainNoSecretLiterals()
    {
        var files = Directory.GetFiles(InfraFiles.InfraDirectory, "*", SearchOption.AllDirectories).ToList();
        files.Add(Path.Combine(RepoPaths.Root, "functions", "OpenApi", "openapi.v1.json"));
        files.Add(InfraFiles.HostJson);
        files.Add(InfraFiles.LocalSettingsSample);
        files.Add(InfraFiles.TrainingJob("Dockerfile"));
        files.Add(InfraFiles.TrainingJob("Dockerfile.gpu"));
        files.Add(InfraFiles.TrainingJob("docker-entrypoint.sh"));
        files.Add(Path.Combine(RepoPaths.Root, ".dockerignore"));

        var findings = files.SelectMany(f => SecretScanner.Find(File.ReadAllText(f)).Select(x => $"{InfraFiles.Relative(f)} {x}")).ToList();

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void SecretScanner_FlagsKeysSignaturesAndPasswords()
    {
        // Built at run time so no key-shaped literal sits in the repository.
        string key = new string('A', 86) + "==";
        string text = string.Join('\n',
            "DefaultEndpointsProtocol=https;AccountName=x;Account" + "Key=abc",
            "key: '" + key + "'",
            "url: 'https://x.blob.core.windows.net/c?sv=2022-11-02&sig=" + new string('b', 30) + "'",
            "adminPassword: 'Hunter2!'",
            "value: st.listKeys().keys[0].value",
            "@secure()",
            "param token string = 'abc'");

        IReadOnlyList<string> findings = SecretScanner.Find(text);

        Assert.Equal(
        [
            "line 1: storage account key (AccountKey=)",
            "line 2: 88-character base64 key",
            "line 3: shared access signature",
            "line 4: password literal",
            "line 5: listKeys() call (shared keys are not used anywhere)",
            "line 7: @secure() parameter with a default value",
        ], findings);
    }

    [Fact]
    public void SecretScanner_AcceptsPlaceholdersAndExpressions()
    {
        string text = string.Join('\n',
            "\"AdminKey\": \"local-dev-admin-key\"",
            "APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString",
            "\"RecommenderStorage\": \"UseDevelopmentStorage=true\"");

        Assert.Empty(SecretScanner.Find(text));
    }
}
