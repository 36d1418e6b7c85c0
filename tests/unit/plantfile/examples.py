"""Plant file texts shared by the plant file tests."""

from __future__ import annotations

# CONTRACTS.md section 1, copied as it stands: it is the contract every version must accept.
CONTRACT_EXAMPLE = """\
obeya: 1
site: {id: demo, name: Demo Works, timezone: Europe/Berlin}   # IANA zone; shift times are local
calendar:
  shifts:            # weekly pattern; a shift may cross midnight (end <= start)
    - {id: early, start: "06:00", end: "14:00", days: [mon, tue, wed, thu, fri],
       breaks: [{start: "09:00", minutes: 15}, {start: "12:00", minutes: 30}]}
    - {id: night, start: "22:00", end: "06:00", days: [mon, tue, wed, thu, fri]}
  closures:          # optional: no operation planned (holidays, shutdowns)
    - {start: "2026-12-24T00:00:00+01:00", end: "2026-12-27T00:00:00+01:00", reason: holiday}
areas:
  - id: machining
    lines:
      - id: L1
        name: Shaft line
        machines:
          - {id: L1-SAW, name: Saw}
          - {id: L1-CNC1, name: Lathe 1, class: lathe}
reasons:             # stop reasons; the category decides the ISO 22400 time element
  - {code: breakdown, category: unplanned, children: [{code: spindle}, {code: tool-breakage}]}
  - {code: micro-stop, category: minor_stop}
  - {code: changeover, category: setup}
  - {code: starved, category: idle}
  - {code: preventive-maintenance, category: planned}
products:
  - id: P-100
    name: Shaft 20 mm
    family: shafts
    routing:
      - step: 10
        machines: {L1-SAW: 12}              # ideal cycle time (s/unit) per eligible machine
        setup_min: 10
      - step: 20
        machines: {L1-CNC1: 95, L1-CNC2: 110}
        setup_min: 25
workers:
  - {id: W001, name: A. Operator, skills: [lathe, saw], shifts: [early]}
"""

# A small valid plant using every optional key; the bad-input tests break it line by line.
VALID_PLANT = """\
obeya: 1
site: {id: demo, name: Demo Works, timezone: Europe/Berlin}
calendar:
  shifts:
    - id: early
      start: "06:00"
      end: "14:00"
      days: [mon, tue, wed, thu, fri]
      breaks: [{start: "09:00", minutes: 15}, {start: "12:00", minutes: 30}]
    - {id: night, start: "22:00", end: "06:00", days: [mon, tue]}
  closures:
    - {start: "2026-12-24T00:00:00+01:00", end: "2026-12-27T00:00:00+01:00"}
areas:
  - id: machining
    lines:
      - id: L1
        oee_target: 0.8
        shifts: [early]
        machines:
          - {id: L1-SAW, class: saw}
          - {id: L1-CNC1, class: lathe, connector: {mtconnect: {execution: {FEED_HOLD: idle}}}}
          - {id: L1-CNC2, class: lathe}
reasons:
  - {code: breakdown, category: unplanned, children: [{code: spindle}]}
  - {code: changeover, category: setup}
products:
  - id: P-100
    family: shafts
    routing:
      - {step: 10, machines: {L1-SAW: 12}, setup_min: 10}
      - {step: 20, machines: {L1-CNC1: 95, L1-CNC2: 110}, setup_min: 25, pausable: false}
    bom: [{material: BAR-20, quantity: 0.2, unit: m}]
  - {id: F-1, family: flanges, routing: [{step: 10, machines: {L1-CNC2: 60}, skill: null}]}
changeovers: [{from: shafts, to: flanges, minutes: 40}]
workers:
  - {id: W001, skills: [lathe], shifts: [early]}
"""
