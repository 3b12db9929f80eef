// Package paper is weekend 13's exercise, raft-paper: Raft worked on paper, and checked.
//
// scenarios.yaml holds situations from the Raft paper's figures (Figure 2's RPC rules, Figure 7's
// logs, Figure 8's commits) and from the plan's topics (leader election, log replication, a
// partition that heals). You answer each one in answers.yaml, by hand, and write down why. The
// graded tests compute the truth of every scenario from the paper's rules (package
// [dsweekends/phase3-raft/paper/oracle]) and compare it with your answer; a wrong answer's
// message names the scenario, the figure and the rule.
//
// Edit answers.yaml only. This file, scenario.go, scenarios.yaml and the oracle are provided —
// no need to edit.
package paper
