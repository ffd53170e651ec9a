namespace EdgeMx.Net.Routing;

/// <summary>fib_rule_hdr.action (FR_ACT_* in linux/fib_rules.h).</summary>
public enum RuleAction : byte
{
    Unspecified = 0,
    ToTable = 1,     // lookup TABLE
    Goto = 2,
    Nop = 3,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
}
