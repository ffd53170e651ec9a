namespace EdgeMx.Lab.Tests;

/// <summary>The tests that share one lab (<see cref="LabFixture"/>); xunit runs them one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "lab";
}
