/**
 * The fictional city's officials. Every name is made up from common family,
 * middle and given names; no real person is meant.
 */
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Châu', 'Tạ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Hoàng', 'Thanh', 'Quốc', 'Ngọc', 'Hữu', 'Thành', 'Kim', 'Bảo', 'Gia'];
const GIVEN = [
  'An', 'Bình', 'Cường', 'Diệp', 'Giang', 'Hạnh', 'Khoa', 'Lâm', 'Mai', 'Nhàn', 'Oanh', 'Phúc', 'Quân', 'Sơn', 'Tâm',
  'Uyên', 'Vĩnh', 'Xuân', 'Yến', 'Hiếu', 'Trí', 'Tuệ', 'Lộc', 'Nhi', 'Đạt', 'Khôi', 'Thư', 'Duyên', 'Kiên', 'Ánh',
  'Trinh', 'Hào', 'Nghĩa', 'Thảo', 'Vy', 'Phong', 'Tường', 'Luân', 'Huyền', 'Sang', 'Toàn', 'Ngân', 'Khang', 'Ly',
];

export function fictionalName(index: number): string {
  const family = FAMILY[index % FAMILY.length];
  const middle = MIDDLE[(index * 7 + 3) % MIDDLE.length];
  const given = GIVEN[(index * 5 + 1) % GIVEN.length];
  return `${family} ${middle} ${given}`;
}

export type Line = 'PARTY' | 'COUNCIL' | 'COMMITTEE';

export interface DemoPost {
  line: Line;
  title: string;
  body: string;
}

export interface DemoOfficial {
  code: string;
  fullName: string;
  managedBy: 'STANDING_BOARD' | 'AGENCY';
  retirementAnnouncedOn?: string;
  electedOrAppointedOn?: string;
  posts: DemoPost[];
}

const PARTY_BODY = 'Ban Thường vụ Thành ủy';
const COUNCIL_BODY = 'Hội đồng nhân dân thành phố';
const COMMITTEE_BODY = 'Ủy ban nhân dân thành phố';

const STANDING_BOARD_POSTS: { party: string; council?: string; committee?: string }[] = [
  { party: 'Bí thư Thành ủy' },
  { party: 'Phó Bí thư Thường trực Thành ủy' },
  { party: 'Phó Bí thư Thành ủy', council: 'Chủ tịch HĐND thành phố' },
  { party: 'Phó Bí thư Thành ủy', council: 'Chủ tịch UBND thành phố', committee: 'Chủ tịch UBND thành phố' },
  { party: 'Trưởng Ban Tổ chức Thành ủy' },
  { party: 'Chủ nhiệm Ủy ban Kiểm tra Thành ủy' },
  { party: 'Trưởng Ban Tuyên giáo và Dân vận Thành ủy' },
  { party: 'Chánh Văn phòng Thành ủy' },
  { party: 'Ủy viên Ban Thường vụ Thành ủy', council: 'Phó Chủ tịch UBND thành phố', committee: 'Phó Chủ tịch UBND thành phố' },
  { party: 'Ủy viên Ban Thường vụ Thành ủy', council: 'Giám đốc Công an thành phố' },
  { party: 'Ủy viên Ban Thường vụ Thành ủy', council: 'Chỉ huy trưởng Bộ Chỉ huy Quân sự thành phố' },
  { party: 'Ủy viên Ban Thường vụ Thành ủy', council: 'Phó Chủ tịch Thường trực HĐND thành phố' },
  { party: 'Bí thư Đảng ủy Ủy ban nhân dân thành phố' },
  { party: 'Bí thư Đảng ủy các cơ quan Đảng thành phố' },
  { party: 'Chủ tịch Ủy ban Mặt trận Tổ quốc thành phố' },
];

const COUNCIL_POSTS = [
  'Phó Chủ tịch HĐND thành phố',
  'Trưởng Ban Pháp chế HĐND thành phố',
  'Trưởng Ban Kinh tế - Ngân sách HĐND thành phố',
  'Trưởng Ban Văn hóa - Xã hội HĐND thành phố',
  'Trưởng Ban Đô thị HĐND thành phố',
];

const COMMITTEE_LEADERS = ['Phó Chủ tịch UBND thành phố', 'Phó Chủ tịch UBND thành phố', 'Chánh Văn phòng UBND thành phố'];

export const DEPARTMENTS = [
  'Sở Tài chính', 'Sở Xây dựng', 'Sở Nội vụ', 'Sở Tư pháp', 'Sở Công Thương', 'Sở Giáo dục và Đào tạo', 'Sở Y tế',
  'Sở Nông nghiệp và Môi trường', 'Sở Khoa học và Công nghệ', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở Dân tộc và Tôn giáo',
  'Thanh tra thành phố', 'Sở Ngoại vụ', 'Sở Lao động', 'Sở Giao thông',
];

/** About 50 officials: the Standing Board, the Council's posts, the Committee's leaders and department heads. */
export function demoOfficials(): DemoOfficial[] {
  const officials: DemoOfficial[] = [];
  let n = 0;
  const next = () => (n += 1);
  STANDING_BOARD_POSTS.forEach((p, i) => {
    const posts: DemoPost[] = [{ line: 'PARTY', title: p.party, body: PARTY_BODY }];
    if (p.council) posts.push({ line: 'COUNCIL', title: p.council, body: COUNCIL_BODY });
    if (p.committee) posts.push({ line: 'COMMITTEE', title: p.committee, body: COMMITTEE_BODY });
    officials.push({ code: `TU-${String(i + 1).padStart(3, '0')}`, fullName: fictionalName(next()), managedBy: 'STANDING_BOARD', posts });
  });
  COUNCIL_POSTS.forEach((title, i) => {
    officials.push({
      code: `HD-${String(i + 1).padStart(3, '0')}`,
      fullName: fictionalName(next()),
      managedBy: 'STANDING_BOARD',
      posts: [{ line: 'COUNCIL', title, body: COUNCIL_BODY }],
    });
  });
  COMMITTEE_LEADERS.forEach((title, i) => {
    officials.push({
      code: `UB-${String(i + 1).padStart(3, '0')}`,
      fullName: fictionalName(next()),
      managedBy: 'STANDING_BOARD',
      posts: [
        { line: 'COUNCIL', title, body: COUNCIL_BODY },
        { line: 'COMMITTEE', title, body: COMMITTEE_BODY },
      ],
    });
  });
  DEPARTMENTS.forEach((department, i) => {
    const title = `Giám đốc ${department}`.replace('Giám đốc Thanh tra', 'Chánh Thanh tra');
    officials.push({
      code: `SO-${String(i + 1).padStart(3, '0')}`,
      fullName: fictionalName(next()),
      managedBy: i < 10 ? 'STANDING_BOARD' : 'AGENCY',
      posts: [
        { line: 'COUNCIL', title: `Ủy viên UBND thành phố, ${title}`, body: COUNCIL_BODY },
        { line: 'COMMITTEE', title, body: COMMITTEE_BODY },
      ],
    });
  });
  // R9 in the demo: one director awaiting retirement and one appointed in the voting year are on no ballot.
  officials.push({
    code: 'SO-016',
    fullName: fictionalName(next()),
    managedBy: 'AGENCY',
    retirementAnnouncedOn: '2023-06-01',
    posts: [{ line: 'COMMITTEE', title: 'Giám đốc Sở Du lịch', body: COMMITTEE_BODY }],
  });
  officials.push({
    code: 'SO-017',
    fullName: fictionalName(next()),
    managedBy: 'AGENCY',
    electedOrAppointedOn: '2023-09-15',
    posts: [{ line: 'COMMITTEE', title: 'Giám đốc Sở Thông tin', body: COMMITTEE_BODY }],
  });
  return officials;
}
